import { shares } from '../generator/pool';
import { probeFsync } from '../lib/fsync-probe';
import { cpuMeter } from '../lib/proc-stats';
import { summarize } from '../lib/stats';
import type { Scenario } from './types';

/**
 * 1:1 messages at a steady rate; Beacon commits each to disk before it acks. Then the senders
 * edit those messages at the same rate for as long (Messages v2), measured the same way.
 */
export const messagesScenario: Scenario = {
  name: 'messages',
  title: '1:1 messages, commit before ack',
  async run({ kind, pool, target, fixture, sizes, dataDir, log }) {
    const { ratePerSecond, warmupMs, durationMs, bodyChars } = sizes.messages;
    const pairs = fixture.pairs.slice(0, sizes.messages.pairs);
    try {
      const perGenerator = shares(pairs, pool.size);
      await pool.all('connect', (g) => ({
        kind,
        url: target.url,
        ratePerSecond: 200,
        clients: (perGenerator[g] ?? []).flatMap((pair) =>
          [pair.a, pair.b].map((index) => {
            const user = fixture.users[index];
            if (!user) throw new Error(`no user ${index}`);
            return { userId: user.id, token: user.token };
          }),
        ),
      }));
      log(
        `${pairs.length} pairs connected; ${ratePerSecond} msg/s for ${durationMs / 1000} s after ${warmupMs / 1000} s warm-up`,
      );
      // Server CPU over the measured window (after the warm-up), as seen from here.
      type Usage = ReturnType<ReturnType<typeof cpuMeter>['stop']>;
      let meters: Array<ReturnType<typeof cpuMeter>> = [];
      const measured: { cpu: Usage | null; generators: Usage[] } = { cpu: null, generators: [] };
      const stopMeter = () => {
        const [server, ...generators] = meters;
        if (!server || measured.cpu) return;
        measured.cpu = server.stop();
        measured.generators = generators.map((meter) => meter.stop());
      };
      const startTimer = setTimeout(() => {
        meters = [target.pid, ...pool.pids].map(cpuMeter);
      }, warmupMs);
      const stopTimer = setTimeout(stopMeter, warmupMs + durationMs);
      const results = await pool.all('messages', (g) => ({
        pairs: (perGenerator[g] ?? []).map((pair) => ({
          conversationId: pair.conversationId,
          senderId: fixture.users[pair.a]?.id ?? '',
          receiverId: fixture.users[pair.b]?.id ?? '',
        })),
        ratePerSecond: ratePerSecond / pool.size,
        warmupMs,
        durationMs,
        bodyChars,
        edit: true,
      }));
      clearTimeout(startTimer);
      clearTimeout(stopTimer);
      stopMeter();
      const fsync = kind === 'beacon' ? probeFsync(dataDir) : null;
      const ack = summarize(results.flatMap((r) => r.ackMs));
      const delivery = summarize(results.flatMap((r) => r.deliveryMs));
      const editPhases = results.flatMap((r) => (r.edits ? [r.edits] : []));
      const editAck = summarize(editPhases.flatMap((r) => r.ackMs));
      const editDelivery = summarize(editPhases.flatMap((r) => r.deliveryMs));
      const editSeconds = Math.max(...editPhases.map((r) => r.seconds));
      const editsFailed = editPhases.reduce((t, r) => t + r.failed, 0);
      if (editsFailed > 0)
        log(`${editsFailed} edits failed: ${editPhases.find((r) => r.firstError)?.firstError}`);
      const seconds = Math.max(...results.map((r) => r.seconds));
      const sum = (pick: (r: (typeof results)[number]) => number) => results.reduce((t, r) => t + pick(r), 0);
      const failed = sum((r) => r.failed);
      if (failed > 0) log(`${failed} sends failed: ${results.find((r) => r.firstError)?.firstError}`);
      const rateLimited = sum((r) => r.rateLimited);
      if (rateLimited > 0)
        log(`${rateLimited} sends were answered rate_limited and retried (server fell behind)`);
      return {
        figures: [
          {
            key: 'messages.rate',
            label: 'acked rate (measured window)',
            unit: 'msg/s',
            value: ack.count / seconds,
          },
          { key: 'messages.ack.p50', label: 'ack latency p50', unit: 'ms', value: ack.p50 },
          { key: 'messages.ack.p99', label: 'ack latency p99', unit: 'ms', value: ack.p99 },
          { key: 'messages.delivery.p50', label: 'delivery latency p50', unit: 'ms', value: delivery.p50 },
          { key: 'messages.delivery.p99', label: 'delivery latency p99', unit: 'ms', value: delivery.p99 },
          {
            key: 'messages.edit.rate',
            label: 'edits: acked rate (measured window)',
            unit: 'msg/s',
            value: editAck.count / editSeconds,
          },
          { key: 'messages.edit.ack.p50', label: 'edit ack latency p50', unit: 'ms', value: editAck.p50 },
          { key: 'messages.edit.ack.p99', label: 'edit ack latency p99', unit: 'ms', value: editAck.p99 },
          {
            key: 'messages.edit.delivery.p50',
            label: 'edit delivery (message:updated) p50',
            unit: 'ms',
            value: editDelivery.p50,
          },
          {
            key: 'messages.edit.delivery.p99',
            label: 'edit delivery (message:updated) p99',
            unit: 'ms',
            value: editDelivery.p99,
          },
          {
            key: 'messages.cpu',
            label: 'server CPU (one core = 100 %)',
            unit: '%',
            value: measured.cpu?.percentOfCore ?? Number.NaN,
          },
          {
            key: 'messages.cpu.per-message',
            label: 'server CPU per acked message (one core)',
            unit: 'ms',
            value: measured.cpu ? (measured.cpu.cpuSeconds * 1000) / Math.max(1, ack.count) : Number.NaN,
          },
          {
            key: 'messages.generators-cpu',
            label: 'load generators CPU, same machine (one core = 100 %)',
            unit: '%',
            value: measured.cpu
              ? measured.generators.reduce((total, g) => total + g.percentOfCore, 0)
              : Number.NaN,
          },
          ...(fsync
            ? ([
                {
                  key: 'messages.fsync.p50',
                  label: 'disk write+fsync p50 (the durability floor)',
                  unit: 'ms',
                  value: fsync.p50,
                },
                { key: 'messages.fsync.p99', label: 'disk write+fsync p99', unit: 'ms', value: fsync.p99 },
              ] as const)
            : []),
        ],
        details: {
          sent: sum((r) => r.sent),
          acked: sum((r) => r.acked),
          delivered: sum((r) => r.delivered),
          failed,
          rateLimited,
          fsync,
          ack,
          delivery,
          edits: {
            sent: editPhases.reduce((t, r) => t + r.sent, 0),
            acked: editPhases.reduce((t, r) => t + r.acked, 0),
            delivered: editPhases.reduce((t, r) => t + r.delivered, 0),
            failed: editsFailed,
            rateLimited: editPhases.reduce((t, r) => t + r.rateLimited, 0),
            ack: editAck,
            delivery: editDelivery,
          },
          cpu: measured.cpu,
        },
      };
    } finally {
      await pool.all('closeAll', () => ({}));
    }
  },
};

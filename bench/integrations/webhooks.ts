import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { databaseFile } from '../../server/src/config/data-dir';
import { openWebhookRepository } from '../../server/src/webhooks/connection';
import { summarize } from '../lib/stats';
import type { BenchUser } from '../targets/fixture';
import { connectAll, runDriver } from './claims';
import type { IntegrationsBenchSizes } from './integrations-bench';
import { fmt, sentAtOf, sleep, wallNow, withBeacon } from './shared';

/** Integrations scenario 3: webhook deliveries of presence changes to a local receiver. */

export async function measureWebhooks(
  { dataDir, workDir, cpuProfileDir }: { dataDir: string; workDir: string; cpuProfileDir?: string },
  sizes: IntegrationsBenchSizes['webhooks'],
  allTargets: BenchUser[],
  tokens: string[],
  log: (line: string) => void,
) {
  const received: number[] = [];
  const delays: number[] = [];
  const receiver: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const now = wallNow();
      const event = JSON.parse(body) as { data?: { presence?: { activity?: string | null } } };
      const sentAt = sentAtOf(event.data?.presence?.activity);
      if (sentAt !== null) {
        received.push(now);
        delays.push(now - sentAt);
      }
      response.end();
    });
  });
  receiver.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  const { repository, close } = openWebhookRepository(databaseFile(dataDir));
  try {
    repository.create({
      url: `http://127.0.0.1:${port}/hook`,
      events: ['presence.changed'],
      secret: 'bench-webhook-secret-0123456789',
      createdAt: Date.now(),
    });
  } finally {
    close();
  }
  try {
    return await withBeacon(dataDir, cpuProfileDir, async (server) => {
      const targets = allTargets.slice(0, sizes.targets);
      const sockets = await connectAll(server.url, targets);
      try {
        await sleep(1_500);
        // The targets' connections made presence changes of their own: only claims count.
        received.length = 0;
        delays.length = 0;
        log(
          `  ${sizes.ratePerSecond} claims/s for ${sizes.durationMs / 1000} s over ${targets.length} users…`,
        );
        const startedAt = wallNow();
        const driver = await runDriver(
          server.url,
          workDir,
          { tokens, emails: targets.map((t) => t.email) },
          sizes.ratePerSecond,
          sizes.durationMs,
        );
        const offeredEndAt = wallNow();
        const sent = Number(driver.sent);
        const deadline = performance.now() + sizes.drainMs;
        while (received.length < sent && performance.now() < deadline) await sleep(100);
        const during = received.filter((at) => at <= offeredEndAt).length;
        const first = received[0] ?? startedAt;
        const last = received.at(-1) ?? startedAt;
        const distribution = summarize(delays);
        const sustained = received.length > 1 ? ((received.length - 1) / (last - first)) * 1000 : 0;
        log(`  claims sent ${sent}, answers ${JSON.stringify(driver.statuses)}`);
        log(
          `  deliveries ${received.length}/${sent} (${during} while the claims came, the rest within ${(sizes.drainMs / 1000).toFixed(0)} s after)`,
        );
        log(
          `  sustained ${sustained.toFixed(0)} deliveries/s (first → last delivery); while the claims came ${((during / (offeredEndAt - startedAt)) * 1000).toFixed(0)}/s`,
        );
        log(
          `  claim → webhook delivery p50 ${fmt(distribution.p50)} ms, p99 ${fmt(distribution.p99)} ms, max ${fmt(distribution.max)} ms`,
        );
        return {
          sent,
          delivered: received.length,
          deliveredWhileOffered: during,
          sustainedPerSecond: sustained,
          offeredPhasePerSecond: (during / (offeredEndAt - startedAt)) * 1000,
          delayP50Ms: distribution.p50,
          delayP99Ms: distribution.p99,
          delayMaxMs: distribution.max,
        };
      } finally {
        for (const socket of sockets) socket.close();
      }
    });
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
}

/**
 * Two nodes against one (issue 13), side by side in one run, on this machine's PostgreSQL (and
 * Redis for two nodes): (1) the knee, the highest rate of 1:1 messages each second the cluster
 * sustains with ack p99 ≤ 50 ms and nothing failed, stepping the offered rate up; with two nodes
 * every sender is on one node and its receiver on the other, so every message crosses Redis.
 * (2) Many connected clients spread over two nodes: RSS per node and per client above idle.
 *
 * `npm run bench -- --only cluster` (or `npm run bench:cluster [-- --quick]`). Load generators, both nodes, PostgreSQL
 * and Redis share this machine's cores: the README says how that shapes the figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorPool, shares } from '../generator/pool';
import { REPO_ROOT, type RunningProcess } from '../lib/child';
import { cpuMeter, rssBytes } from '../lib/proc-stats';
import { type Distribution, summarize } from '../lib/stats';
import type { BenchFixture } from '../targets/fixture';
import { ClusterWorld } from './nodes';

export interface ClusterBenchSizes {
  pairs: number;
  /** Offered rates, in order; the run stops at the first one past the knee. */
  rates: number[];
  stepMs: number;
  clients: number;
}

export const CLUSTER_FULL: ClusterBenchSizes = {
  pairs: 200,
  rates: [500, 1000, 1500, 2000, 3000, 4000, 6000],
  stepMs: 10_000,
  clients: 20_000,
};
export const CLUSTER_QUICK: ClusterBenchSizes = {
  pairs: 100,
  rates: [500, 1000, 2000],
  stepMs: 4000,
  clients: 2000,
};

let PAIRS = CLUSTER_FULL.pairs;
let RATES = CLUSTER_FULL.rates;
let STEP_MS = CLUSTER_FULL.stepMs;
let CLIENTS = CLUSTER_FULL.clients;
const WARMUP_MS = 2000;
const KNEE_P99_MS = 50;

interface Step {
  rate: number;
  achieved: number;
  ack: Distribution;
  delivery: Distribution;
  failed: number;
  rateLimited: number;
  cpuPerMessageUs: number;
  ok: boolean;
}

async function kneeOf(nodes: RunningProcess[], fixture: BenchFixture, log: (line: string) => void) {
  const pool = await GeneratorPool.start(2);
  const steps: Step[] = [];
  try {
    const pairs = fixture.pairs.slice(0, PAIRS);
    const perGenerator = shares(pairs, pool.size);
    const urlOf = (side: 'a' | 'b') => (nodes[side === 'a' ? 0 : nodes.length - 1] as RunningProcess).url;
    await pool.all('connect', (g) => ({
      kind: 'beacon',
      url: urlOf('a'),
      ratePerSecond: 200,
      clients: (perGenerator[g] ?? []).flatMap((pair) => [
        {
          userId: fixture.users[pair.a]?.id ?? '',
          token: fixture.users[pair.a]?.token ?? '',
          url: urlOf('a'),
        },
        {
          userId: fixture.users[pair.b]?.id ?? '',
          token: fixture.users[pair.b]?.token ?? '',
          url: urlOf('b'),
        },
      ]),
    }));
    for (const rate of RATES) {
      const meters = nodes.map((node) => cpuMeter(node.pid));
      const results = await pool.all('messages', (g) => ({
        pairs: (perGenerator[g] ?? []).map((pair) => ({
          conversationId: pair.conversationId,
          senderId: fixture.users[pair.a]?.id ?? '',
          receiverId: fixture.users[pair.b]?.id ?? '',
        })),
        ratePerSecond: rate / pool.size,
        warmupMs: WARMUP_MS,
        durationMs: STEP_MS,
        bodyChars: 100,
      }));
      const cpuSeconds = meters.reduce((total, meter) => total + meter.stop().cpuSeconds, 0);
      const acked = results.reduce((t, r) => t + r.acked, 0);
      const seconds = Math.max(...results.map((r) => r.seconds));
      const failed = results.reduce((t, r) => t + r.failed, 0);
      const step: Step = {
        rate,
        // `acked` counts the warm-up's messages too; `seconds` and `ackMs` are the measured window's.
        achieved: results.reduce((t, r) => t + r.ackMs.length, 0) / seconds,
        ack: summarize(results.flatMap((r) => r.ackMs)),
        delivery: summarize(results.flatMap((r) => r.deliveryMs)),
        failed,
        rateLimited: results.reduce((t, r) => t + r.rateLimited, 0),
        // The meters ran over the warm-up too, as `acked` counts it.
        cpuPerMessageUs: acked > 0 ? (cpuSeconds / acked) * 1e6 : 0,
        ok: false,
      };
      step.ok = failed === 0 && step.ack.p99 <= KNEE_P99_MS && step.achieved >= rate * 0.95;
      steps.push(step);
      log(
        `  ${rate} msg/s offered: ${step.achieved.toFixed(0)} acked/s, ack p50 ${step.ack.p50.toFixed(1)} p99 ${step.ack.p99.toFixed(1)} ms, delivery p99 ${step.delivery.p99.toFixed(1)} ms, failed ${failed}${step.ok ? '' : '  ← past the knee'}`,
      );
      if (!step.ok) break;
    }
  } finally {
    await pool.all('closeAll', () => ({})).catch(() => {});
    await pool.stop();
  }
  const knee = steps.filter((s) => s.ok).at(-1)?.rate ?? 0;
  return { knee, steps };
}

async function connectionsOn(nodes: RunningProcess[], fixture: BenchFixture, log: (line: string) => void) {
  const idle = nodes.map((node) => rssBytes(node.pid));
  const pool = await GeneratorPool.start(2);
  try {
    const users = fixture.users.slice(0, CLIENTS);
    const perGenerator = shares(users, pool.size);
    const results = await pool.all('connect', (g) => ({
      kind: 'beacon',
      url: (nodes[0] as RunningProcess).url,
      ratePerSecond: 500 / pool.size,
      clients: (perGenerator[g] ?? []).map((user, i) => ({
        userId: user.id,
        token: user.token,
        url: (nodes[i % nodes.length] as RunningProcess).url,
      })),
    }));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const connected = results.reduce((t, r) => t + r.connected, 0);
    const rss = nodes.map((node) => rssBytes(node.pid));
    const perNode = nodes.map((_, i) => ({
      rssMiB: (rss[i] ?? 0) / 2 ** 20,
      idleMiB: (idle[i] ?? 0) / 2 ** 20,
      perClientKiB: ((rss[i] ?? 0) - (idle[i] ?? 0)) / 1024 / (connected / nodes.length),
    }));
    log(
      `  ${connected} clients connected (${results.reduce((t, r) => t + r.failed, 0)} failed): ${perNode
        .map(
          (n, i) =>
            `node ${i} ${n.rssMiB.toFixed(0)} MiB (idle ${n.idleMiB.toFixed(0)}), ${n.perClientKiB.toFixed(1)} KiB/client`,
        )
        .join('; ')}`,
    );
    return { connected, perNode };
  } finally {
    await pool.all('closeAll', () => ({})).catch(() => {});
    await pool.stop();
  }
}

/** Runs both parts and writes `bench/results/cluster-<time>.json`; returns the figures. */
export async function runClusterBench(
  sizes: ClusterBenchSizes,
  log: (line: string) => void,
): Promise<Record<string, unknown>> {
  ({ pairs: PAIRS, rates: RATES, stepMs: STEP_MS, clients: CLIENTS } = sizes);
  const world = new ClusterWorld();
  const report: Record<string, unknown> = { ...sizes, kneeP99Ms: KNEE_P99_MS };
  try {
    log(`preparing ${Math.max(CLIENTS, PAIRS * 2)} users on PostgreSQL (schema ${world.schema})…`);
    const fixture = await world.prepare({ users: Math.max(CLIENTS, PAIRS * 2), pairs: PAIRS });
    for (const count of [1, 2]) {
      log(
        `${count} node${count > 1 ? 's' : ''} on PostgreSQL${count > 1 ? ' and Redis (every message crosses nodes)' : ''}:`,
      );
      const nodes = await world.startNodes(count, `k${count}-`);
      try {
        report[`knee${count}`] = await kneeOf(nodes, fixture, log);
      } finally {
        await Promise.all(nodes.map((node) => node.stop()));
      }
    }
    log(`${CLIENTS} connected clients over 2 nodes:`);
    const nodes = await world.startNodes(2, 'c');
    try {
      report.connections = await connectionsOn(nodes, fixture, log);
    } finally {
      await Promise.all(nodes.map((node) => node.stop()));
    }
    const [one, two] = [report.knee1, report.knee2] as Array<{ knee: number }>;
    log(`knee (ack p99 ≤ ${KNEE_P99_MS} ms): one node ${one?.knee} msg/s, two nodes ${two?.knee} msg/s`);
  } finally {
    await world.drop();
  }
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  log(`written to ${file}`);
  return report;
}

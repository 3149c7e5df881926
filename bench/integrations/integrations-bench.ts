import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Presence } from '@beacon/protocol';
import { io, type Socket } from 'socket.io-client';
import { databaseFile } from '../../server/src/config/data-dir';
import { IntegrationService } from '../../server/src/integrations/service';
import { openSqliteStore } from '../../server/src/store/sqlite';
import { openWebhookRepository } from '../../server/src/webhooks/connection';
import { type RunningProcess, spawnNode, startProcess } from '../lib/child';
import { rssBytes } from '../lib/proc-stats';
import { summarize } from '../lib/stats';
import { prepareBeaconData, startBeacon } from '../targets/beacon';
import type { BenchUser } from '../targets/fixture';

export interface IntegrationsBenchSizes {
  claims: {
    /** Users whose status the integrations claim; each is connected (an offline user shows offline). */
    targets: number;
    watchers: number;
    /** How many targets each watcher follows (watcher i: targets i … i + n − 1). */
    followsPerWatcher: number;
    tokens: number;
    ratePerSecond: number;
    warmupMs: number;
    durationMs: number;
  };
  sse: { streams: number; changes: number; changesPerSecond: number };
  webhooks: { targets: number; ratePerSecond: number; durationMs: number; drainMs: number };
}

export const INTEGRATIONS_FULL: IntegrationsBenchSizes = {
  claims: {
    targets: 1_000,
    watchers: 1_000,
    followsPerWatcher: 5,
    tokens: 4,
    ratePerSecond: 1_000,
    warmupMs: 2_000,
    durationMs: 20_000,
  },
  sse: { streams: 1_000, changes: 100, changesPerSecond: 10 },
  webhooks: { targets: 100, ratePerSecond: 1_000, durationMs: 10_000, drainMs: 30_000 },
};
export const INTEGRATIONS_QUICK: IntegrationsBenchSizes = {
  claims: {
    targets: 100,
    watchers: 100,
    followsPerWatcher: 5,
    tokens: 2,
    ratePerSecond: 200,
    warmupMs: 500,
    durationMs: 2_000,
  },
  sse: { streams: 100, changes: 20, changesPerSecond: 10 },
  webhooks: { targets: 20, ratePerSecond: 200, durationMs: 2_000, drainMs: 10_000 },
};

/**
 * The per-token limits the benchmark's server runs with: one token opens every stream and
 * sends every claim (the defaults, 20/s and 50 streams, are for real integrations).
 */
const BENCH_API_RATE = ['--api-rate', '100000', '--api-burst', '100000', '--api-max-streams', '100000'];

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
const wallNow = () => performance.timeOrigin + performance.now();

/** The send time a claim's activity carries (`t:<ms>`, see claim-driver.ts). */
function sentAtOf(activity: string | null | undefined): number | null {
  if (!activity?.startsWith('t:')) return null;
  const value = Number(activity.slice(2));
  return Number.isFinite(value) ? value : null;
}

export interface IntegrationsBenchFigures {
  claims: Record<string, number | Record<string, number>>;
  sse: { beacon: Record<string, number>; floor: Record<string, number> | null };
  webhooks: Record<string, number>;
}

/**
 * Integration API figures (issue 10): claims → socket watchers, SSE fan-out (beside a bare
 * node:http SSE relay), and webhook throughput to a local receiver. The real server CLI as a
 * child process on a data dir prepared through the store; the claims come from a separate
 * load-generator process (claim-driver.ts).
 */
export async function runIntegrationsBench(
  sizes: IntegrationsBenchSizes,
  options: { floor: boolean; cpuProfileDir?: string },
  log: (line: string) => void,
): Promise<IntegrationsBenchFigures> {
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-integrations-bench-'));
  try {
    const dataDir = join(workDir, 'data');
    const { claims } = sizes;
    log(`preparing ${claims.targets + claims.watchers} users and ${claims.tokens} integration tokens…`);
    const fixture = await prepareBeaconData(dataDir, { users: claims.targets + claims.watchers, pairs: 0 });
    const store = openSqliteStore(databaseFile(dataDir));
    const tokens: string[] = [];
    try {
      const service = new IntegrationService(store);
      for (let i = 0; i < claims.tokens; i++) {
        tokens.push((await service.add(`bench-${i}`, ['presence:write', 'events:read'])).token);
      }
    } finally {
      await store.close();
    }
    const targets = fixture.users.slice(0, claims.targets);
    const watchers = fixture.users.slice(claims.targets);

    log(`\n(1) ${claims.ratePerSecond} claims/s → ${claims.watchers} socket watchers`);
    const claimFigures = await withBeacon(dataDir, options.cpuProfileDir, (server) =>
      measureClaims(server, workDir, sizes, targets, watchers, tokens, log),
    );

    log(`\n(2) SSE: ${sizes.sse.streams} open streams, ${sizes.sse.changes} presence changes`);
    const sseBeacon = await withBeacon(dataDir, options.cpuProfileDir, (server) =>
      measureSseBeacon(server, sizes.sse, targets[0] as BenchUser, tokens, log),
    );
    let sseFloor: Record<string, number> | null = null;
    if (options.floor) {
      const floor = await startProcess(
        ['--import', 'tsx', 'bench/integrations/sse-floor.ts'],
        /sse floor listening on (http:\/\/\S+)/,
      );
      try {
        log('  floor (bare node:http SSE relay):');
        sseFloor = await measureSse(
          floor,
          sizes.sse,
          `${floor.url}/events`,
          {},
          async (activity) => {
            const response = await fetch(`${floor.url}/publish`, {
              method: 'POST',
              body: JSON.stringify({ email: 'x', presence: { activity } }),
            });
            await response.arrayBuffer();
          },
          log,
        );
      } finally {
        await floor.stop();
      }
    }

    log(`\n(3) webhooks: ${sizes.webhooks.ratePerSecond} presence changes/s → a receiver on 127.0.0.1`);
    // Users without part (1)'s claims: theirs would still be there (600 s) and add the
    // presence changes of the targets' own connections to what the receiver counts.
    const webhookFigures = await measureWebhooks(
      { dataDir, workDir, cpuProfileDir: options.cpuProfileDir },
      sizes.webhooks,
      watchers,
      tokens,
      log,
    );
    return { claims: claimFigures, sse: { beacon: sseBeacon, floor: sseFloor }, webhooks: webhookFigures };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** `cpuProfileDir`: where the server writes a V8 CPU profile (`--cpu-prof`); undefined: none. */
async function withBeacon<T>(
  dataDir: string,
  cpuProfileDir: string | undefined,
  run: (server: RunningProcess) => Promise<T>,
): Promise<T> {
  const server = await startBeacon(dataDir, { extraArgs: BENCH_API_RATE, cpuProfileDir });
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

async function connectAll(url: string, users: BenchUser[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  // 50 at a time: quick, without a thundering herd of handshakes.
  for (let i = 0; i < users.length; i += 50) {
    const batch = users.slice(i, i + 50).map(
      (user) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(url, {
            auth: { token: user.token },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
          });
          socket.once('ready', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/** Runs the claim driver to completion; its summary line. */
async function runDriver(
  url: string,
  workDir: string,
  plan: { tokens: string[]; emails: string[] },
  ratePerSecond: number,
  ms: number,
): Promise<Record<string, unknown>> {
  const planFile = join(workDir, `plan-${Date.now()}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const child = spawnNode([
    '--import',
    'tsx',
    'bench/integrations/claim-driver.ts',
    '--url',
    url,
    '--plan',
    planFile,
    '--rate',
    String(ratePerSecond),
    '--ms',
    String(ms),
  ]);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8_192);
  });
  await new Promise((resolve) => child.once('exit', resolve));
  const match = /claim driver done (\{.*\})/.exec(stdout);
  if (!match?.[1]) throw new Error(`the claim driver failed (${child.exitCode}):\n${stderr}`);
  return JSON.parse(match[1]) as Record<string, unknown>;
}

async function measureClaims(
  server: RunningProcess,
  workDir: string,
  sizes: IntegrationsBenchSizes,
  targets: BenchUser[],
  watchers: BenchUser[],
  tokens: string[],
  log: (line: string) => void,
) {
  const { claims } = sizes;
  log(`  connecting ${targets.length} targets and ${watchers.length} watchers…`);
  const targetSockets = await connectAll(server.url, targets);
  const watcherSockets = await connectAll(server.url, watchers);
  try {
    let measuring = false;
    const latencies: number[] = [];
    let warmupDeliveries = 0;
    for (const [i, socket] of watcherSockets.entries()) {
      const follows = Array.from(
        { length: Math.min(claims.followsPerWatcher, targets.length) },
        (_, k) => targets[(i + k) % targets.length]?.id ?? '',
      );
      socket.on('presence', (presence: Presence) => {
        const sentAt = sentAtOf(presence.activity);
        if (sentAt === null) return;
        if (measuring) latencies.push(wallNow() - sentAt);
        else warmupDeliveries++;
      });
      await socket.emitWithAck('presence:subscribe', { userIds: follows });
    }
    const plan = { tokens, emails: targets.map((t) => t.email) };
    log(`  warm-up ${claims.warmupMs / 1000} s…`);
    await runDriver(server.url, workDir, plan, claims.ratePerSecond, claims.warmupMs);
    await sleep(500);
    measuring = true;
    log(`  ${claims.ratePerSecond} claims/s for ${claims.durationMs / 1000} s over ${tokens.length} tokens…`);
    const driver = await runDriver(server.url, workDir, plan, claims.ratePerSecond, claims.durationMs);
    await sleep(2_000);
    measuring = false;
    const sent = Number(driver.sent);
    const expected = sent * Math.min(claims.followsPerWatcher, targets.length);
    const distribution = summarize(latencies);
    const sendMs = Number(driver.sendMs);
    log(
      `  claims sent ${sent} in ${(sendMs / 1000).toFixed(1)} s (${((sent / sendMs) * 1000).toFixed(0)}/s), answers ${JSON.stringify(driver.statuses)}`,
    );
    log(`  PUT answered p50 ${fmt(Number(driver.putP50Ms))} ms, p99 ${fmt(Number(driver.putP99Ms))} ms`);
    log(`  watcher deliveries ${latencies.length}/${expected} (warm-up ${warmupDeliveries})`);
    log(
      `  claim → watcher p50 ${fmt(distribution.p50)} ms, p99 ${fmt(distribution.p99)} ms (target ≤ 100), max ${fmt(distribution.max)} ms`,
    );
    return {
      claimsSent: sent,
      claimsPerSecond: (sent / sendMs) * 1000,
      statuses: driver.statuses as Record<string, number>,
      putP50Ms: Number(driver.putP50Ms),
      putP99Ms: Number(driver.putP99Ms),
      deliveries: latencies.length,
      expectedDeliveries: expected,
      claimToWatcherP50Ms: distribution.p50,
      claimToWatcherP99Ms: distribution.p99,
      claimToWatcherMaxMs: distribution.max,
    };
  } finally {
    for (const socket of [...targetSockets, ...watcherSockets]) socket.close();
  }
}

async function measureSseBeacon(
  server: RunningProcess,
  sizes: IntegrationsBenchSizes['sse'],
  target: BenchUser,
  tokens: string[],
  log: (line: string) => void,
) {
  // The changed user must be online: an offline user's claims show nobody anything.
  const [targetSocket] = await connectAll(server.url, [target]);
  try {
    log('  Beacon:');
    const url = `${server.url}/api/v1/events?emails=${encodeURIComponent(target.email)}`;
    return await measureSse(
      server,
      sizes,
      url,
      { authorization: `Bearer ${tokens[0]}` },
      async (activity) => {
        const response = await fetch(
          `${server.url}/api/v1/presence/${encodeURIComponent(target.email)}/claims/bench-sse`,
          {
            method: 'PUT',
            headers: {
              authorization: `Bearer ${tokens[1 % tokens.length]}`,
              'content-type': 'application/json',
            },
            // dnd: stricter than the busy claims left by part (1), so every change shows.
            body: JSON.stringify({ status: 'dnd', activity, ttlSeconds: 600 }),
          },
        );
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`claim PUT answered ${response.status}`);
      },
      log,
    );
  } finally {
    targetSocket?.close();
  }
}

/**
 * Opens `streams` SSE streams, then makes `changes` presence changes at a fixed pace through
 * `change`; each stream's latency is from the moment the change was started to its frame.
 */
async function measureSse(
  server: RunningProcess,
  sizes: IntegrationsBenchSizes['sse'],
  url: string,
  headers: Record<string, string>,
  change: (activity: string) => Promise<void>,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  await sleep(1_000);
  const rssBefore = rssBytes(server.pid);
  const latencies: number[] = [];
  const responses: IncomingMessage[] = [];
  for (let i = 0; i < sizes.streams; i += 50) {
    const batch = Array.from(
      { length: Math.min(50, sizes.streams - i) },
      () =>
        new Promise<IncomingMessage>((resolve, reject) => {
          const request = get(
            url,
            { headers: { ...headers, accept: 'text/event-stream' }, agent: false },
            (response) => {
              if (response.statusCode !== 200)
                reject(new Error(`GET events answered ${response.statusCode}`));
              let buffer = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => {
                buffer += chunk;
                let end = buffer.indexOf('\n\n');
                while (end >= 0) {
                  const frame = buffer.slice(0, end);
                  buffer = buffer.slice(end + 2);
                  const data = /\ndata: (.*)$/m.exec(frame)?.[1];
                  if (frame.includes('event: presence') && data) {
                    const parsed = JSON.parse(data) as { presence?: { activity?: string | null } };
                    const sentAt = sentAtOf(parsed.presence?.activity);
                    if (sentAt !== null) latencies.push(wallNow() - sentAt);
                  }
                  end = buffer.indexOf('\n\n');
                }
              });
              resolve(response);
            },
          );
          request.on('error', reject);
        }),
    );
    responses.push(...(await Promise.all(batch)));
  }
  await sleep(1_000);
  const rssAfter = rssBytes(server.pid);
  try {
    const startedAt = performance.now();
    for (let n = 0; n < sizes.changes; n++) {
      const dueAt = startedAt + (n * 1000) / sizes.changesPerSecond;
      await sleep(Math.max(0, dueAt - performance.now()));
      await change(`t:${wallNow().toFixed(3)}`);
    }
    const expected = sizes.changes * sizes.streams;
    const deadline = performance.now() + 10_000;
    while (latencies.length < expected && performance.now() < deadline) await sleep(100);
    const distribution = summarize(latencies);
    const perStreamKiB = (rssAfter - rssBefore) / sizes.streams / 1024;
    log(`    deliveries ${latencies.length}/${expected}`);
    log(
      `    change → stream p50 ${fmt(distribution.p50)} ms, p99 ${fmt(distribution.p99)} ms (target ≤ 100), max ${fmt(distribution.max)} ms`,
    );
    log(
      `    server RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB with the streams open: ${perStreamKiB.toFixed(1)} KiB per stream`,
    );
    return {
      deliveries: latencies.length,
      expected,
      p50Ms: distribution.p50,
      p99Ms: distribution.p99,
      maxMs: distribution.max,
      rssBeforeMiB: rssBefore / 2 ** 20,
      rssAfterMiB: rssAfter / 2 ** 20,
      rssPerStreamKiB: perStreamKiB,
    };
  } finally {
    for (const response of responses) response.destroy();
  }
}

async function measureWebhooks(
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

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Presence } from '@beacon/protocol';
import { io, type Socket } from 'socket.io-client';
import { type RunningProcess, spawnNode } from '../lib/child';
import { summarize } from '../lib/stats';
import type { BenchUser } from '../targets/fixture';
import type { IntegrationsBenchSizes } from './integrations-bench';
import { fmt, sentAtOf, sleep, wallNow } from './shared';

/** Integrations scenario 1: status claims from a keep-alive PBX-like driver, timed to the watchers' presence events. */

export async function connectAll(url: string, users: BenchUser[]): Promise<Socket[]> {
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
export async function runDriver(
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

export async function measureClaims(
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Presence } from '@beacon/protocol';
import { io, type Socket } from 'socket.io-client';
import { createBeaconServer } from '../../server/src/app';
import { databaseFile, settleOrgDomain } from '../../server/src/config/data-dir';
import { openSqliteStore } from '../../server/src/store/sqlite';
import { openDatabase } from '../../server/src/store/sqlite/database';
import { startProcess } from '../lib/child';
import { summarize } from '../lib/stats';

export interface PresenceBenchSizes {
  expiring: number;
  watchers: number;
  /** Every expiring user's chosen status ends within this window. */
  windowMs: number;
  storedLayers: number;
}

export const PRESENCE_FULL: PresenceBenchSizes = {
  expiring: 10_000,
  watchers: 1_000,
  windowMs: 60_000,
  storedLayers: 100_000,
};
export const PRESENCE_QUICK: PresenceBenchSizes = {
  expiring: 1_000,
  watchers: 100,
  windowMs: 3_000,
  storedLayers: 10_000,
};

/** Each watcher subscribes to one slice of the expiring users (the contract allows 1,000 ids). */
const SUBSCRIBE_MAX = 1_000;

export interface PresenceBenchFigures {
  deliveries: number;
  expiryToWatcherP50Ms: number;
  expiryToWatcherP99Ms: number;
  expiryToWatcherMaxMs: number;
  longestStallMs: number;
  startWithStoredLayersMs: number;
  layersLoadMs: number;
}

/**
 * Presence v2 figures (no floor: the relay has no presence rules): expiry fan-out from the
 * chosen `until` to the watchers' sockets, the server's longest event-loop stall meanwhile,
 * and the start time of a server with many stored presence layers.
 */
export async function runPresenceBench(
  sizes: PresenceBenchSizes,
  log: (line: string) => void,
): Promise<PresenceBenchFigures> {
  const expiry = await measureExpiryFanout(sizes, log);
  const start = await measureStart(sizes.storedLayers, log);
  return { ...expiry, ...start };
}

async function measureExpiryFanout(sizes: PresenceBenchSizes, log: (line: string) => void) {
  const server = await startProcess(
    [
      '--import',
      'tsx',
      'bench/presence/expiry-server.ts',
      '--expiring',
      String(sizes.expiring),
      '--watchers',
      String(sizes.watchers),
    ],
    /presence bench server listening on (http:\/\/\S+)/,
  );
  const sockets: Socket[] = [];
  try {
    log(`connecting ${sizes.watchers} watchers…`);
    for (let i = 0; i < sizes.watchers; i++) {
      const socket = io(server.url, {
        auth: { token: `watcher:${i}` },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      await new Promise((resolve, reject) => {
        socket.once('ready', resolve);
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }
    // Armed first, with a lead long enough for every watcher to subscribe before the window.
    const leadMs = 5_000 + sizes.watchers * 20;
    const armed = await fetch(`${server.url}/bench/expire?windowMs=${sizes.windowMs}&leadMs=${leadMs}`, {
      method: 'POST',
    });
    const { startAt, endAt, userIds, untils } = (await armed.json()) as {
      startAt: number;
      endAt: number;
      userIds: string[];
      untils: number[];
    };
    const untilOf = new Map(userIds.map((id, index) => [id, untils[index] ?? 0]));
    const slices = Math.max(1, Math.ceil(userIds.length / SUBSCRIBE_MAX));
    const latencies: number[] = [];
    let expected = 0;
    for (const [i, socket] of sockets.entries()) {
      const slice = i % slices;
      const ids = userIds.slice(slice * SUBSCRIBE_MAX, (slice + 1) * SUBSCRIBE_MAX);
      socket.on('presence', (presence: Presence) => {
        const until = untilOf.get(presence.userId);
        if (presence.status === 'available' && until !== undefined) latencies.push(Date.now() - until);
      });
      await socket.emitWithAck('presence:subscribe', { userIds: ids });
      // A subscription made after a user's expiry would not hear of it: only later ones count.
      const subscribedAt = Date.now();
      expected += ids.filter((id) => (untilOf.get(id) ?? 0) > subscribedAt).length;
    }
    if (Date.now() > startAt) log(`  (the watchers subscribed ${Date.now() - startAt} ms into the window)`);
    log(
      `${userIds.length} chosen statuses expire within ${sizes.windowMs / 1000} s; ${expected} deliveries expected…`,
    );
    const deadline = endAt + 30_000;
    while (latencies.length < expected && Date.now() < deadline) await sleep(200);
    const stall = (await (await fetch(`${server.url}/bench/stall`)).json()) as { maxStallMs: number };
    const distribution = summarize(latencies);
    log(`  deliveries ${latencies.length}/${expected}`);
    log(
      `  expiry → watcher p50 ${distribution.p50} ms, p99 ${distribution.p99} ms (target ≤ 100), max ${distribution.max} ms`,
    );
    log(`  longest event-loop stall of the server ${stall.maxStallMs.toFixed(1)} ms (target ≤ 50)`);
    return {
      deliveries: latencies.length,
      expiryToWatcherP50Ms: distribution.p50,
      expiryToWatcherP99Ms: distribution.p99,
      expiryToWatcherMaxMs: distribution.max,
      longestStallMs: stall.maxStallMs,
    };
  } finally {
    for (const socket of sockets) socket.close();
    await server.stop();
  }
}

/** Writes `count` users with stored presence layers straight into a fresh data dir, then starts a server on it. */
async function measureStart(count: number, log: (line: string) => void) {
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-presence-bench-'));
  try {
    const store = openSqliteStore(databaseFile(dataDir));
    await settleOrgDomain(store, { domain: 'bench.test' });
    await store.close();
    const db = openDatabase(databaseFile(dataDir));
    const until = Date.now() + 3_600_000;
    db.transaction(() => {
      const user = db.prepare(
        "INSERT INTO users (id, email, name, name_key, password_hash, created_at) VALUES (?, ?, ?, ?, 'x', 0)",
      );
      const layers = db.prepare(
        "INSERT INTO presence_layers (user_id, chosen_status, chosen_message, chosen_until, claims) VALUES (?, 'busy', 'Bench', ?, '[]')",
      );
      for (let i = 0; i < count; i++) {
        user.run(`user-${i}`, `user${i}@bench.test`, `User ${i}`, `user ${i}`);
        layers.run(`user-${i}`, until + i);
      }
    })();
    db.close();

    const startedAt = performance.now();
    const server = await createBeaconServer({ dataDir, port: 0, webRoot: null, logLevel: 'silent' });
    await server.listen();
    const startMs = performance.now() - startedAt;
    const loadStarted = performance.now();
    const reloaded = await server.store.presence.loadAll();
    const layersLoadMs = performance.now() - loadStarted;
    await server.close();
    log(
      `  server start with ${reloaded.length} stored presence layers ${startMs.toFixed(0)} ms (target ≤ 2000); reading them alone ${layersLoadMs.toFixed(0)} ms`,
    );
    return { startWithStoredLayersMs: startMs, layersLoadMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

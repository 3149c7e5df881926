/**
 * The server side of the presence expiry benchmark, run as a child process: the real socket.io
 * gateway and presence engine over an in-memory store holding the benchmark's users (no disk,
 * so the figures are the engine's and the fan-out's). `expiring` users are connected on the
 * engine itself; watchers connect over socket.io with the token `watcher:<n>`.
 *
 * Control, on the same port: POST /bench/expire?windowMs=…&leadMs=… makes every expiring user busy
 * until a moment spread over the window, which starts after the lead; GET /bench/stall reports
 * the longest event-loop stall since the window started.
 */
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createLogger } from '../../server/src/logger';
import { systemClock } from '../../server/src/presence/clock';
import { PresenceEngine } from '../../server/src/presence/engine';
import { LocalPresence } from '../../server/src/presence/service';
import { createGateway } from '../../server/src/realtime/gateway';
import { openSqliteStore } from '../../server/src/store/sqlite';
import type { UserRecord } from '../../server/src/store/types';

const { values } = parseArgs({ options: { expiring: { type: 'string' }, watchers: { type: 'string' } } });
const expiring = Number(values.expiring ?? 10_000);
const watchers = Number(values.watchers ?? 1_000);

const store = openSqliteStore(':memory:');
const byToken = new Map<string, UserRecord>();
const expiringIds: string[] = [];
for (let i = 0; i < expiring; i++) {
  const user = await store.users.create({ email: `u${i}@bench.test`, name: `U ${i}`, passwordHash: 'x' });
  expiringIds.push(user.id);
}
for (let i = 0; i < watchers; i++) {
  const user = await store.users.create({ email: `w${i}@bench.test`, name: `W ${i}`, passwordHash: 'x' });
  byToken.set(`watcher:${i}`, user);
}

const presence = new PresenceEngine({ clock: systemClock, graceMs: 10_000 });
for (const id of expiringIds) presence.connect(id, `engine-session-${id}`);

let stall = monitorEventLoopDelay({ resolution: 10 });
const http = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/bench/expire' && request.method === 'POST') {
    const windowMs = Number(url.searchParams.get('windowMs') ?? 60_000);
    const leadMs = Number(url.searchParams.get('leadMs') ?? 2_000);
    const startAt = Date.now() + leadMs;
    const untils = expiringIds.map((id, index) => {
      const until = startAt + Math.floor((index / expiringIds.length) * windowMs);
      presence.set(id, `engine-session-${id}`, { status: 'busy', until });
      return until;
    });
    // The stall that counts is the expiries', not the watchers' subscriptions before them.
    setTimeout(() => {
      stall.disable();
      stall = monitorEventLoopDelay({ resolution: 10 });
      stall.enable();
    }, leadMs - 100).unref();
    response.end(JSON.stringify({ startAt, endAt: startAt + windowMs, userIds: expiringIds, untils }));
  } else if (url.pathname === '/bench/stall') {
    // monitorEventLoopDelay reports nanoseconds; the resolution itself is not a stall.
    response.end(JSON.stringify({ maxStallMs: stall.max / 1e6 - 10 }));
  } else if (!url.pathname.startsWith('/socket.io')) {
    response.statusCode = 404;
    response.end();
  }
});
createGateway(http, {
  store,
  presence: new LocalPresence(presence),
  logger: createLogger({ level: 'silent' }),
  now: () => Date.now(),
  policy: { orgDomain: 'bench.test', allowedExternalDomains: [] },
  sessions: { resolve: async (token) => byToken.get(token) ?? null },
  corsOrigins: '*',
  disabledPollMs: 60_000,
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`presence bench server listening on http://127.0.0.1:${port}\n`);
});

import type { ClientToServerEvents, Presence, PresenceStatus, ServerToClientEvents } from '@beacon/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog, request, type TestSocket } from '../helpers/client';
import { CuttableProxy } from './harness/cuttable-proxy';
import { type InProcessServer, startInProcessServer } from './harness/in-process-server';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// Short heartbeats and grace, so convergence takes seconds; the ratios are what matter.
const GRACE_MS = 600;
const PING_INTERVAL_MS = 400;
const PING_TIMEOUT_MS = 800;
/** The contract's bound for a vanished session: noticed by heartbeat, then the grace period. */
const CONVERGENCE_BOUND_MS = PING_INTERVAL_MS + PING_TIMEOUT_MS + GRACE_MS;
/** Room for a loaded 2-core machine to run the timers late; never a reason to pass early. */
const SCHEDULING_SLACK_MS = 2_500;

let t: InProcessServer;
let watcher: TestSocket;
let seen: EventLog<'presence'>;
const proxies: CuttableProxy[] = [];
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startInProcessServer({
    presenceGraceMs: GRACE_MS,
    pingIntervalMs: PING_INTERVAL_MS,
    pingTimeoutMs: PING_TIMEOUT_MS,
  });
  watcher = await connect(t.url, 'henry', { reconnection: false });
  seen = new EventLog(watcher, 'presence');
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const proxy of proxies) await proxy.close();
  await t?.close();
});

async function connect(url: string, name: string, options: { reconnection: boolean }): Promise<ClientSocket> {
  const { token } = await t.session(name);
  const socket: ClientSocket = io(url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function proxy(): Promise<CuttableProxy> {
  const created = await CuttableProxy.start(t.url);
  proxies.push(created);
  return created;
}

async function idOf(name: string): Promise<string> {
  return (await t.session(name)).user.id;
}

/** Subscribes the watcher (replacing its set) and returns the snapshot. */
async function watch(userIds: string[]): Promise<Presence[]> {
  const ack = await request<{ ok: boolean; presences: Presence[] }>(watcher, 'presence:subscribe', {
    userIds,
  });
  expect(ack.ok).toBe(true);
  return ack.presences;
}

function waitForStatus(userId: string, status: PresenceStatus, timeoutMs = CONVERGENCE_BOUND_MS * 4 + 5_000) {
  return seen.waitFor((p) => p.userId === userId && p.status === status, timeoutMs);
}

function disconnectReasons(userId: string): string[] {
  return t.logs
    .filter((line) => line.msg === 'session disconnected' && line.userId === userId)
    .map((line) => String(line.reason));
}

describe('presence convergence', () => {
  it('shows a user whose network vanished offline within ping interval + ping timeout + grace', async () => {
    const alice = await idOf('alice');
    const network = await proxy();
    await connect(network.url, 'alice', { reconnection: false });
    expect((await watch([alice]))[0]?.status).toBe('available');
    seen.clear();

    const cutAt = Date.now();
    network.cut();
    await waitForStatus(alice, 'offline');
    const elapsed = Date.now() - cutAt;

    // The server learned it from the heartbeat alone: no FIN, no disconnect packet.
    expect(disconnectReasons(alice)).toEqual(['ping timeout']);
    expect(elapsed).toBeGreaterThanOrEqual(GRACE_MS);
    expect(elapsed).toBeLessThanOrEqual(CONVERGENCE_BOUND_MS + SCHEDULING_SLACK_MS);
    expect(seen.events.filter((p) => p.userId === alice).map((p) => p.status)).toEqual(['offline']);
  });

  it('shows a user whose transport closed without a disconnect packet offline after the grace period', async () => {
    const bob = await idOf('bob');
    const socket = await connect(t.url, 'bob', { reconnection: false });
    expect((await watch([bob]))[0]?.status).toBe('available');
    seen.clear();

    const closedAt = Date.now();
    socket.io.engine.close();
    await waitForStatus(bob, 'offline');
    const elapsed = Date.now() - closedAt;

    expect(disconnectReasons(bob)).toEqual(['transport close']);
    expect(elapsed).toBeGreaterThanOrEqual(GRACE_MS - 50);
    expect(elapsed).toBeLessThanOrEqual(GRACE_MS + SCHEDULING_SLACK_MS);
  });

  it('brings a returning user back, and leaves nobody stuck away or offline', async () => {
    const [carol, dave] = [await idOf('carol'), await idOf('dave')];
    // Carol: one idle session (automatic away) and one active one behind a network that will drop.
    const carolIdle = await connect(t.url, 'carol', { reconnection: false });
    await request(carolIdle, 'presence:set', { status: 'away', auto: true, idleSince: Date.now() - 60_000 });
    const carolNetwork = await proxy();
    const carolActive = await connect(carolNetwork.url, 'carol', { reconnection: true });
    // Dave: a single active session behind a network that will drop, reconnecting by itself.
    const daveNetwork = await proxy();
    const daveSocket = await connect(daveNetwork.url, 'dave', { reconnection: true });
    const snapshot = await watch([carol, dave]);
    expect(snapshot.map((p) => [p.userId, p.status])).toEqual([
      [carol, 'available'],
      [dave, 'available'],
    ]);
    seen.clear();

    carolNetwork.cut();
    daveNetwork.cut();
    // Only the idle session is left: carol shows away; dave's grace runs out: offline.
    await waitForStatus(carol, 'away');
    await waitForStatus(dave, 'offline');

    // The networks come back; both clients reconnect on their own as active sessions.
    const carolBack = new Promise<void>((resolve) => carolActive.once('ready', () => resolve()));
    const daveBack = new Promise<void>((resolve) => daveSocket.once('ready', () => resolve()));
    carolNetwork.restore();
    daveNetwork.restore();
    await Promise.all([carolBack, daveBack]);
    await waitForStatus(carol, 'available');
    await waitForStatus(dave, 'available');

    // Past every timer that could still flip someone: the last word is still "available",
    // and a fresh snapshot agrees with what the watcher was told.
    await new Promise((resolve) => setTimeout(resolve, CONVERGENCE_BOUND_MS));
    const fresh = await watch([carol, dave]);
    for (const userId of [carol, dave]) {
      const last = seen.events.filter((p) => p.userId === userId).at(-1);
      expect(last?.status).toBe('available');
      expect(fresh.find((p) => p.userId === userId)).toEqual(last);
    }
  });
});

import type { Presence } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AckResponse,
  connectClient,
  connectError,
  EventLog,
  request,
  roundTrip,
  settle,
  type TestSocket,
} from './helpers/client';
import { startTestServer, type TestServer } from './helpers/test-server';

type Ack<T> = AckResponse & T;

/** Long enough for a reconnect on a busy machine, short enough to wait for. */
const GRACE_MS = 1500;

let t: TestServer;
let watcher: TestSocket;
let watcherPresence: EventLog<'presence'>;
const ids = new Map<string, string>();

function idOf(name: string): string {
  const id = ids.get(name);
  if (!id) throw new Error(`unknown user ${name}`);
  return id;
}

async function subscribe(socket: TestSocket, userIds: string[]) {
  return request<Ack<{ presences: Presence[] }>>(socket, 'presence:subscribe', { userIds });
}

async function setPresence(socket: TestSocket, payload: Record<string, unknown>) {
  return request<Ack<{ presence: Presence }>>(socket, 'presence:set', payload);
}

/** The watcher's presence events about one user, since the log was last cleared. */
function seenOf(userId: string): Presence[] {
  return watcherPresence.events.filter((p) => p.userId === userId);
}

beforeAll(async () => {
  t = await startTestServer({ presenceGraceMs: GRACE_MS });
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
    const user = await t.server.store.users.byEmail(`${name}@acme.test`);
    if (!user) throw new Error(`demo user ${name} missing`);
    ids.set(name, user.id);
  }
  ({ socket: watcher } = await t.connect('henry@acme.test'));
  watcherPresence = new EventLog(watcher, 'presence');
});

afterAll(async () => {
  await t?.close();
});

describe('presence', () => {
  it('starts a session available and reports it in ready', async () => {
    const session = await t.token('grace@acme.test');
    const { socket, ready } = await connectClient(t.url, session.token);
    try {
      expect(ready.user).toEqual(session.user);
      expect(ready.presence).toMatchObject({ userId: session.user.id, status: 'available', idleSince: null });
      expect(Math.abs(ready.serverTime - Date.now())).toBeLessThan(60_000);
    } finally {
      socket.close();
    }
  });

  it('answers a subscription with current presences and then pushes changes', async () => {
    const alice = idOf('alice');
    const before = await subscribe(watcher, [alice, 'no-such-user']);
    expect(before.presences).toEqual([expect.objectContaining({ userId: alice, status: 'offline' })]);
    const { socket } = await t.connect('alice@acme.test');
    await watcherPresence.waitFor((p) => p.userId === alice && p.status === 'available');

    const ack = await setPresence(socket, { status: 'busy', message: 'Quarterly review' });
    expect(ack.presence).toMatchObject({ userId: alice, status: 'busy', message: 'Quarterly review' });
    const pushed = await watcherPresence.waitFor((p) => p.userId === alice && p.status === 'busy');
    // The ack is the own view (v2: with chosen, devices, outOfOffice); others see the rest.
    const { chosen, devices, outOfOffice, ...shared } = ack.presence;
    expect(chosen).toEqual({ status: 'busy', message: 'Quarterly review', until: null });
    expect(pushed).toEqual(shared);

    // Omitting the message keeps the note.
    const dnd = await setPresence(socket, { status: 'dnd' });
    expect(dnd.presence).toMatchObject({ status: 'dnd', message: 'Quarterly review' });
  });

  it('replaces the subscription set on every subscribe', async () => {
    const [alice, bob] = [idOf('alice'), idOf('bob')];
    const { socket: bobSocket } = await t.connect('bob@acme.test');
    const ack = await subscribe(watcher, [bob]);
    expect(ack.presences.map((p) => p.userId)).toEqual([bob]);
    watcherPresence.clear();
    const { socket: aliceSocket } = await t.connect('alice@acme.test');
    await setPresence(aliceSocket, { status: 'available', message: null });
    await setPresence(bobSocket, { status: 'away' });
    await watcherPresence.waitFor((p) => p.userId === bob && p.status === 'away');
    expect(seenOf(alice)).toEqual([]);
  });

  it('refuses more than 1000 ids and malformed changes, naming the field', async () => {
    const tooMany = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    expect(await subscribe(watcher, tooMany)).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^userIds:/) },
    });
    expect(await setPresence(watcher, { status: 'lunch' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^status:/) },
    });
    expect(await setPresence(watcher, { status: 'busy', message: 'x'.repeat(141) })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^message:/) },
    });
    expect(
      (
        await subscribe(
          watcher,
          Array.from({ length: 1000 }, (_, i) => `u${i}`),
        )
      ).ok,
    ).toBe(true);
  });

  it('shows automatic away only while every session is idle', async () => {
    const carol = idOf('carol');
    const { socket: laptop } = await t.connect('carol@acme.test');
    const { socket: phone } = await t.connect('carol@acme.test');
    await subscribe(watcher, [carol]);
    watcherPresence.clear();
    const ownOnPhone = new EventLog(phone, 'presence');

    const idleAt = Date.now() - 60_000;
    await setPresence(laptop, { status: 'away', auto: true, idleSince: idleAt });
    await roundTrip(watcher);
    expect(seenOf(carol)).toEqual([]);

    await setPresence(phone, { status: 'away', auto: true, idleSince: idleAt + 1000 });
    const away = await watcherPresence.waitFor((p) => p.userId === carol && p.status === 'away');
    expect(away.idleSince).toBe(idleAt + 1000);
    await ownOnPhone.waitFor((p) => p.status === 'away');

    await setPresence(laptop, { status: 'available', auto: true });
    const back = await watcherPresence.waitFor((p) => p.userId === carol && p.status === 'available');
    expect(back.idleSince).toBeNull();
  });

  it('keeps busy and dnd over idleness, with idleSince', async () => {
    const erin = idOf('erin');
    const { socket } = await t.connect('erin@acme.test');
    await subscribe(watcher, [erin]);
    await setPresence(socket, { status: 'dnd', message: 'presenting' });
    await setPresence(socket, { status: 'away', auto: true });
    const idle = await watcherPresence.waitFor((p) => p.userId === erin && p.idleSince !== null);
    expect(idle).toMatchObject({ status: 'dnd', message: 'presenting' });
  });

  it('lets a user appear offline while connected', async () => {
    const frank = idOf('frank');
    const { socket } = await t.connect('frank@acme.test');
    const { socket: other } = await t.connect('frank@acme.test');
    const own = new EventLog(other, 'presence');
    expect((await subscribe(watcher, [frank])).presences[0]?.status).toBe('available');
    const ack = await setPresence(socket, { status: 'offline', message: 'heads down' });
    expect(ack.presence).toMatchObject({ status: 'offline', message: 'heads down' });
    const seen = await watcherPresence.waitFor((p) => p.userId === frank && p.status === 'offline');
    expect(seen).toMatchObject({ message: null, idleSince: null });
    expect(await own.waitFor((p) => p.status === 'offline')).toMatchObject({ message: 'heads down' });
    expect(socket.connected).toBe(true);
    const search = await request<Ack<{ users: Array<{ presence: Presence }> }>>(watcher, 'directory:search', {
      query: 'frank',
    });
    expect(search.users[0]?.presence.status).toBe('offline');
  });

  it('shows offline only after the grace period once the last session left', async () => {
    const dave = idOf('dave');
    const { socket } = await t.connect('dave@acme.test');
    expect((await subscribe(watcher, [dave])).presences[0]?.status).toBe('available');
    watcherPresence.clear();
    const leftAt = Date.now();
    socket.close();
    const offline = await watcherPresence.waitFor(
      (p) => p.userId === dave && p.status === 'offline',
      GRACE_MS * 5,
    );
    expect(offline.updatedAt - leftAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
    expect(seenOf(dave)).toHaveLength(1);
  });

  it('does not flap when a session comes back within the grace period', async () => {
    const bob = idOf('bob');
    const session = await t.token('bob@acme.test');
    const first = await connectClient(t.url, session.token);
    await subscribe(watcher, [bob]);
    await roundTrip(watcher);
    watcherPresence.clear();
    first.socket.close();
    const second = await connectClient(t.url, session.token);
    try {
      await settle(GRACE_MS + 300);
      expect(seenOf(bob)).toEqual([]);
      expect(second.ready.presence.status).not.toBe('offline');
    } finally {
      second.socket.close();
    }
  });

  it('ends the sessions of a disabled user and refuses their token', async () => {
    const session = await t.token('carol@acme.test');
    const { socket } = await connectClient(t.url, session.token);
    const ended = new EventLog(socket, 'session:ended');
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await t.server.store.users.setDisabled(session.user.id, true);
    expect(await ended.waitFor()).toEqual({ reason: 'disabled' });
    expect(await disconnected).toBe('io server disconnect');
    expect(await connectError(t.url, { token: session.token })).toBe('unauthorized');
  });
});

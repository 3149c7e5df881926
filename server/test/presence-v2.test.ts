import { type Conversation, LIMITS, type Presence, presenceSchema } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AckResponse,
  connectClient,
  EventLog,
  openSocket,
  request,
  roundTrip,
  settle,
  type TestSocket,
} from './helpers/client';
import { startTestServer, type TestServer } from './helpers/test-server';

type Ack<T> = AckResponse & T;
type PresenceAck = Ack<{ presence: Presence }>;

let t: TestServer;
const ids = new Map<string, string>();
const idOf = (name: string) => {
  const id = ids.get(name);
  if (!id) throw new Error(`unknown user ${name}`);
  return id;
};

beforeAll(async () => {
  t = await startTestServer();
  for (const user of await t.server.store.users.list()) ids.set(user.email.split('@')[0] ?? '', user.id);
});
afterAll(async () => {
  await t?.close();
});

const set = (socket: TestSocket, payload: unknown) => request<PresenceAck>(socket, 'presence:set', payload);
const device = (socket: TestSocket, payload: unknown) =>
  request<PresenceAck>(socket, 'device:activity', payload);
const subscribe = (socket: TestSocket, userIds: string[]) =>
  request<Ack<{ presences: Presence[] }>>(socket, 'presence:subscribe', { userIds });

describe('presence:watch', () => {
  it('survives the watcher reconnecting and alerts the new session', async () => {
    // Runs first: grace has no other session yet.
    const target = await t.connect('alice@acme.test');
    const targetName = 'alice';
    await set(target.socket, { status: 'busy' });
    const session = await t.token('grace@acme.test');
    const first = await connectClient(t.url, session.token);
    await request(first.socket, 'presence:watch', { userId: idOf(targetName) });
    first.socket.close();
    await settle(50);
    await set(target.socket, { status: 'available' });
    await settle(100);
    // Listening from the start, as a client does: the alert follows `ready` at once.
    const second = openSocket(t.url, { token: session.token });
    const alerts = new EventLog(second, 'presence:alert');
    try {
      const alert = await alerts.waitFor((a) => a.userId === idOf(targetName));
      expect(alert.presence.status).toBe('available');
      await settle(100);
      expect(alerts.events).toHaveLength(1);
    } finally {
      second.close();
    }
  });

  it('alerts every session of the watcher once, the first time the user is available', async () => {
    const { socket: erin } = await t.connect('erin@acme.test');
    await set(erin, { status: 'busy' });
    const { socket: w1 } = await t.connect('frank@acme.test');
    const { socket: w2 } = await t.connect('frank@acme.test');
    const alerts1 = new EventLog(w1, 'presence:alert');
    const alerts2 = new EventLog(w2, 'presence:alert');
    expect(await request(w1, 'presence:watch', { userId: idOf('erin') })).toEqual({ ok: true });
    // The same watch from the other session is one watch.
    expect(await request(w2, 'presence:watch', { userId: idOf('erin') })).toEqual({ ok: true });
    await settle(100);
    expect(alerts1.events).toEqual([]);

    await set(erin, { status: 'available' });
    const alert = await alerts1.waitFor();
    expect(alert).toMatchObject({ userId: idOf('erin'), presence: { status: 'available' } });
    expect(alert.presence).not.toHaveProperty('chosen');
    await alerts2.waitFor();
    await set(erin, { status: 'busy' });
    await set(erin, { status: 'available' });
    await settle(150);
    expect(alerts1.events).toHaveLength(1);
    expect(alerts2.events).toHaveLength(1);
  });

  it('alerts at once when the user is already available; unwatch cancels; errors', async () => {
    const { socket: gina } = await t.connect('grace@acme.test');
    const { socket: watcher } = await t.connect('henry@acme.test');
    const alerts = new EventLog(watcher, 'presence:alert');
    expect(await request(watcher, 'presence:watch', { userId: idOf('grace') })).toEqual({ ok: true });
    await alerts.waitFor((a) => a.userId === idOf('grace'));

    await set(gina, { status: 'dnd' });
    await request(watcher, 'presence:watch', { userId: idOf('grace') });
    expect(await request(watcher, 'presence:unwatch', { userId: idOf('grace') })).toEqual({ ok: true });
    await set(gina, { status: 'available' });
    await settle(150);
    expect(alerts.events.filter((a) => a.userId === idOf('grace'))).toHaveLength(1);

    expect(await request(watcher, 'presence:watch', { userId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await request(watcher, 'presence:watch', { userId: idOf('henry') })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await request(watcher, 'presence:watch', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^userId:/) },
    });
  });
});

describe('presence v2 over the socket', () => {
  it('says protocol 2 in ready, with the own view (chosen, devices, out of office) that the schema accepts', async () => {
    const session = await t.token('alice@acme.test');
    const { socket, ready } = await connectClient(t.url, session.token);
    try {
      expect(ready.protocol).toBe(2);
      expect(presenceSchema.parse(ready.presence)).toEqual(ready.presence);
      expect(ready.presence).toMatchObject({
        status: 'available',
        source: 'manual',
        activity: null,
        until: null,
        chosen: { status: 'available', message: null, until: null },
        outOfOffice: null,
      });
      expect(ready.presence.devices).toContainEqual(
        expect.objectContaining({ sessionId: socket.id, state: 'active', label: 'Unknown device' }),
      );
    } finally {
      socket.close();
    }
  });

  it('sets a chosen status until a time, refuses one in the past or too far ahead, and ends it then', async () => {
    const { socket } = await t.connect('bob@acme.test');
    const { socket: watcher } = await t.connect('henry@acme.test');
    const seen = new EventLog(watcher, 'presence');
    await subscribe(watcher, [idOf('bob')]);

    const past = await set(socket, { status: 'busy', until: Date.now() - 1000 });
    expect(past).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^until:/) },
    });
    const far = await set(socket, {
      status: 'busy',
      until: Date.now() + LIMITS.presenceUntilMaxAheadMs + 60_000,
    });
    expect(far).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^until:/) },
    });

    const until = Date.now() + 700;
    const ack = await set(socket, { status: 'busy', message: 'Deep work', until });
    expect(ack.presence).toMatchObject({ status: 'busy', until, chosen: { status: 'busy', until } });
    const busy = await seen.waitFor((p) => p.userId === idOf('bob') && p.status === 'busy');
    expect(busy).not.toHaveProperty('chosen');
    expect(busy).not.toHaveProperty('devices');
    const back = await seen.waitFor((p) => p.userId === idOf('bob') && p.status === 'available');
    expect(back).toMatchObject({ message: null, until: null, source: 'manual' });
    expect(back.updatedAt).toBeGreaterThanOrEqual(until);
    expect(back.updatedAt - until).toBeLessThan(500);
  });

  it('takes device reports per session: label, idle, locked; never the chosen layer', async () => {
    const { socket: laptop } = await t.connect('carol@acme.test');
    const { socket: phone } = await t.connect('carol@acme.test');
    const { socket: watcher } = await t.connect('henry@acme.test');
    const seen = new EventLog(watcher, 'presence');
    await subscribe(watcher, [idOf('carol')]);

    const labelled = await device(laptop, { state: 'active', label: 'Windows laptop' });
    expect(labelled.presence.devices).toContainEqual(
      expect.objectContaining({ sessionId: laptop.id, label: 'Windows laptop', state: 'active' }),
    );
    await device(laptop, { state: 'locked' });
    const idle = await device(phone, { state: 'idle', since: Date.now() - 5000 });
    expect(idle.presence).toMatchObject({ status: 'away', source: 'idle', chosen: { status: 'available' } });
    await seen.waitFor((p) => p.userId === idOf('carol') && p.status === 'away' && p.source === 'idle');
    expect(await device(phone, { state: 'sleeping' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^state:/) },
    });
    // OS focus: Do not disturb while it lasts.
    const focus = await device(phone, { state: 'active', osFocus: { name: 'Focus Assist' } });
    expect(focus.presence).toMatchObject({ status: 'dnd', source: 'integration', activity: 'Focus Assist' });
    phone.close();
    await seen.waitFor((p) => p.userId === idOf('carol') && p.source === 'locked');
  });

  it('sets and clears out of office, validating it', async () => {
    const { socket } = await t.connect('dave@acme.test');
    const now = Date.now();
    const set = await request<PresenceAck>(socket, 'presence:out-of-office', {
      from: now - 1000,
      to: now + 3_600_000,
      message: 'Back on Monday',
    });
    expect(set.presence).toMatchObject({
      status: 'away',
      source: 'out_of_office',
      activity: 'Back on Monday',
      until: now + 3_600_000,
      outOfOffice: { from: now - 1000, to: now + 3_600_000, message: 'Back on Monday' },
    });
    expect(
      await request(socket, 'presence:out-of-office', { from: now, to: now - 1, message: null }),
    ).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(
      await request(socket, 'presence:out-of-office', { from: now - 2000, to: now - 1000 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/^to:/) } });
    const cleared = await request<PresenceAck>(socket, 'presence:out-of-office', { clear: true });
    expect(cleared.presence).toMatchObject({ status: 'available', outOfOffice: null });
  });
});

describe('appear offline hides typing and read', () => {
  it('sends others no typing or read events of a user who appears offline; own sessions still get read', async () => {
    const alice = await t.connect('alice@acme.test');
    const aliceOther = await t.connect('alice@acme.test');
    const bob = await t.connect('bob@acme.test');
    const opened = await request<Ack<{ conversation: Conversation }>>(alice.socket, 'conversation:open', {
      memberIds: [bob.user.id],
    });
    const conversationId = opened.conversation.id;
    await request(bob.socket, 'message:send', { conversationId, clientId: crypto.randomUUID(), body: 'hi' });
    await request(bob.socket, 'message:send', {
      conversationId,
      clientId: crypto.randomUUID(),
      body: 'there',
    });
    const bobTyping = new EventLog(bob.socket, 'typing');
    const bobRead = new EventLog(bob.socket, 'read');
    const ownRead = new EventLog(aliceOther.socket, 'read');

    await set(alice.socket, { status: 'offline' });
    expect(await request(alice.socket, 'typing', { conversationId, typing: true })).toEqual({ ok: true });
    expect(await request(alice.socket, 'message:read', { conversationId, seq: 1 })).toEqual({ ok: true });
    await ownRead.waitFor((e) => e.seq === 1);
    await settle(200);
    await roundTrip(bob.socket);
    expect(bobTyping.events).toEqual([]);
    expect(bobRead.events).toEqual([]);

    // Visible again: both flow.
    await set(alice.socket, { status: 'available' });
    await request(alice.socket, 'typing', { conversationId, typing: true });
    await request(alice.socket, 'message:read', { conversationId, seq: 2 });
    expect(await bobTyping.waitFor()).toMatchObject({ userId: alice.user.id, typing: true });
    // First the catch-up of the read made while hidden, then the new one.
    await bobRead.waitFor((e) => e.seq === 2);
    expect(bobRead.events.map((e) => [e.userId, e.seq])).toEqual([
      [alice.user.id, 1],
      [alice.user.id, 2],
    ]);
  });
});

describe('appear offline freezes the read position others see', () => {
  type ConversationAck = Ack<{ conversation: Conversation }>;
  const list = async (socket: TestSocket) =>
    (await request<Ack<{ conversations: Conversation[] }>>(socket, 'conversation:list', {})).conversations;
  const readSeqsIn = async (socket: TestSocket, conversationId: string) =>
    (await list(socket)).find((c) => c.id === conversationId)?.readSeqs;
  const send = (socket: TestSocket, conversationId: string, body: string) =>
    request(socket, 'message:send', { conversationId, clientId: crypto.randomUUID(), body });

  it('shows others the position from before hiding until the user is visible again; own sessions see the real one', async () => {
    const alice = await t.connect('alice@acme.test');
    const bob = await t.connect('bob@acme.test');
    const bobOther = await t.connect('bob@acme.test');
    const carol = await t.connect('carol@acme.test');
    const bobId = bob.user.id;
    const group = await request<ConversationAck>(alice.socket, 'conversation:open', {
      kind: 'group',
      title: 'Hidden reads',
      memberIds: [bobId, carol.user.id],
    });
    const groupId = group.conversation.id;
    // Seq 1 is the group's `created` message, then seqs 2 and 3: seq 3 is the last.
    for (const body of ['one', 'two']) await send(alice.socket, groupId, body);
    const aliceReads = new EventLog(alice.socket, 'read');
    const carolReads = new EventLog(carol.socket, 'read');
    const bobOwnReads = new EventLog(bobOther.socket, 'read');
    const bobOwnViews = new EventLog(bobOther.socket, 'conversation');

    // Visible: the read is public.
    await request(bob.socket, 'message:read', { conversationId: groupId, seq: 1 });
    await aliceReads.waitFor((e) => e.conversationId === groupId && e.seq === 1);

    // Hidden: reads of the group and of the direct conversation with Alice stay Bob's own.
    await set(bob.socket, { status: 'offline' });
    const direct = await request<ConversationAck>(alice.socket, 'conversation:open', { memberIds: [bobId] });
    const directId = direct.conversation.id;
    const directBefore = direct.conversation.readSeqs?.[bobId] ?? 0;
    await send(alice.socket, directId, 'are you there?');
    const directLast = (
      await request<ConversationAck>(alice.socket, 'conversation:open', { memberIds: [bobId] })
    ).conversation.lastSeq;
    expect(await request(bob.socket, 'message:read', { conversationId: groupId, seq: 3 })).toEqual({
      ok: true,
    });
    expect(await request(bob.socket, 'message:read', { conversationId: directId, seq: directLast })).toEqual({
      ok: true,
    });
    await bobOwnReads.waitFor((e) => e.conversationId === groupId && e.seq === 3);
    await bobOwnReads.waitFor((e) => e.conversationId === directId && e.seq === directLast);
    const ownView = await bobOwnViews.waitFor(
      (e) => e.conversation.id === groupId && e.conversation.readSeq === 3,
    );
    expect(ownView.conversation.readSeqs?.[bobId]).toBe(3);
    await settle(100);
    await roundTrip(alice.socket);
    expect(aliceReads.events.filter((e) => e.userId === bobId && e.seq > 1)).toEqual([]);
    expect(carolReads.events.filter((e) => e.userId === bobId && e.seq > 1)).toEqual([]);

    // Others: the entry is there, at the old position — in the list and in every view.
    expect(await readSeqsIn(alice.socket, groupId)).toEqual({
      [alice.user.id]: 0,
      [bobId]: 1,
      [carol.user.id]: 0,
    });
    expect((await readSeqsIn(carol.socket, groupId))?.[bobId]).toBe(1);
    expect((await readSeqsIn(alice.socket, directId))?.[bobId]).toBe(directBefore);
    const reopened = await request<ConversationAck>(alice.socket, 'conversation:open', {
      memberIds: [bobId],
    });
    expect(reopened.conversation.readSeqs?.[bobId]).toBe(directBefore);
    const aliceViews = new EventLog(alice.socket, 'conversation');
    await request(alice.socket, 'message:read', { conversationId: groupId, seq: 3 });
    const aliceView = await aliceViews.waitFor((e) => e.conversation.id === groupId);
    expect(aliceView.conversation.readSeqs).toMatchObject({ [alice.user.id]: 3, [bobId]: 1 });

    // Bob's own sessions: the real position, and nothing unread.
    const bobGroup = (await list(bobOther.socket)).find((c) => c.id === groupId);
    expect(bobGroup).toMatchObject({ readSeq: 3, unread: 0 });
    expect(bobGroup?.readSeqs?.[bobId]).toBe(3);
    expect((await readSeqsIn(bob.socket, directId))?.[bobId]).toBe(directLast);

    // Visible again: the members catch up with `read` events, and the list shows the real position.
    await set(bob.socket, { status: 'available' });
    expect(
      await aliceReads.waitFor((e) => e.conversationId === groupId && e.userId === bobId && e.seq === 3),
    ).toEqual({
      conversationId: groupId,
      userId: bobId,
      seq: 3,
    });
    await carolReads.waitFor((e) => e.conversationId === groupId && e.userId === bobId && e.seq === 3);
    await aliceReads.waitFor(
      (e) => e.conversationId === directId && e.userId === bobId && e.seq === directLast,
    );
    expect((await readSeqsIn(alice.socket, groupId))?.[bobId]).toBe(3);
    expect((await readSeqsIn(carol.socket, groupId))?.[bobId]).toBe(3);
    expect((await readSeqsIn(alice.socket, directId))?.[bobId]).toBe(directLast);
    // Once each.
    await settle(100);
    expect(aliceReads.events.filter((e) => e.userId === bobId && e.conversationId === groupId)).toHaveLength(
      2,
    );
  });
});

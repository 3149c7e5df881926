import { randomUUID } from 'node:crypto';
import { type Ack, type AckOk, PROTOCOL_VERSION } from '@beacon/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { EventLog, roundTrip, type TestSocket } from './helpers/client';
import { ContractSocket, connectContractSocket } from './helpers/contract-socket';
import { startTestServer, type TestServer } from './helpers/test-server';

// Every v1 client event, and the server events it causes, through sockets that check each
// payload and acknowledgement against protocol/'s schemas (the whole contract, nothing more).

let t: TestServer;
const sockets: ContractSocket[] = [];
let alice: ContractSocket;
let bob: ContractSocket;
let carol: ContractSocket;
const ids = { alice: '', bob: '', carol: '' };

async function connect(email: string, token?: string): Promise<ContractSocket> {
  const socket = await connectContractSocket(t.url, token ?? (await t.token(email)).token);
  sockets.push(socket);
  return socket;
}

function okOf<T extends object>(ack: Ack<T>): AckOk<T> {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack;
}

beforeAll(async () => {
  t = await startTestServer();
  alice = await connect('alice@acme.test');
  bob = await connect('bob@acme.test');
  carol = await connect('carol@acme.test');
  ids.alice = (await alice.ready).user.id;
  ids.bob = (await bob.ready).user.id;
  ids.carol = (await carol.ready).user.id;
});

afterEach(async () => {
  // Events still in flight belong to the test that caused them.
  await Promise.all(sockets.filter((s) => s.socket.connected).map((s) => roundTrip(s.socket)));
  for (const socket of sockets) socket.assertConforming();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await t?.close();
});

describe('the contract checker', () => {
  it('reports a payload the contract does not allow, and a field it does not declare', () => {
    const listeners: Array<(event: string, ...args: unknown[]) => void> = [];
    const fake = {
      once: () => fake,
      onAny: (listener: (typeof listeners)[number]) => listeners.push(listener),
    };
    const checked = new ContractSocket(fake as unknown as TestSocket);
    const emit = (event: string, payload: unknown) => {
      for (const listener of listeners) listener(event, payload);
    };
    emit('typing', { conversationId: 'c', userId: 'u', typing: true });
    const user = { id: 'u1', email: 'a@acme.test', name: 'A' };
    const presence = { userId: 'u1', status: 'available', message: null, idleSince: null, updatedAt: 1 };
    emit('ready', { user, presence, serverTime: 1 });
    emit('read', { conversationId: 'c', userId: 'u', seq: 'one' });
    emit('typing', { conversationId: 'c', userId: 'u', typing: true, secret: 1 });
    emit('presence', { ...presence, userId: 'u2', chosen: { status: 'busy', message: null, until: null } });
    emit('hello', {});
    expect(checked.violations.map((v) => [v.where, v.problems[0]])).toEqual([
      ['event typing', 'arrived before ready'],
      ['event read', expect.stringMatching(/^seq:/)],
      ['event typing', 'secret: not in the contract'],
      ['event presence', "payload: another user's chosen"],
      ['event hello', 'not a server event'],
    ]);
    expect(checked.checked.events).toBe(6);
    expect(() => checked.assertConforming()).toThrow(/broke the wire contract 5 time/);
    expect(() => checked.assertConforming()).not.toThrow();
  });
});

describe('v1 over the wire', () => {
  it('sends a conforming ready to every session', async () => {
    const ready = await alice.ready;
    expect(ready.user).toMatchObject({ id: ids.alice, email: 'alice@acme.test' });
    expect(ready.presence).toMatchObject({ userId: ids.alice, status: 'available' });
  });

  it('answers presence:subscribe and pushes presence changes (presence:set, v1 auto report too)', async () => {
    const seen = new EventLog(bob.socket, 'presence');
    const subscribed = okOf(await bob.request('presence:subscribe', { userIds: [ids.alice, ids.carol] }));
    expect(subscribed.presences.map((p) => p.userId).sort()).toEqual([ids.alice, ids.carol].sort());

    const set = okOf(await alice.request('presence:set', { status: 'busy', message: 'Contract review' }));
    expect(set.presence).toMatchObject({ userId: ids.alice, status: 'busy', message: 'Contract review' });
    await seen.waitFor((p) => p.userId === ids.alice && p.status === 'busy');

    okOf(await alice.request('presence:set', { status: 'busy', auto: true, idleSince: Date.now() - 1000 }));
    okOf(await alice.request('presence:set', { status: 'available', auto: true, idleSince: null }));
    okOf(await alice.request('presence:set', { status: 'available', message: null }));
    await seen.waitFor((p) => p.userId === ids.alice && p.status === 'available' && p.message === null);
  });

  it('answers invalid with the conforming error shape', async () => {
    const ack = await alice.requestRaw('presence:set', { status: 'lunch' });
    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^status:/) },
    });
  });

  it('searches the directory', async () => {
    const found = okOf(await alice.request('directory:search', { query: 'bob', limit: 5 }));
    expect(found.users).toEqual([expect.objectContaining({ id: ids.bob, presence: expect.any(Object) })]);
  });

  it('lists, removes and adds contacts', async () => {
    const before = okOf(await alice.request('contacts:list'));
    expect(before.users.map((u) => u.id)).toContain(ids.carol);
    expect(
      okOf((await alice.requestRaw('contacts:list', {})) as Ack<{ users: unknown[] }>).users,
    ).toHaveLength(before.users.length);
    okOf(await alice.request('contacts:remove', { userId: ids.carol }));
    expect(okOf(await alice.request('contacts:list')).users.map((u) => u.id)).not.toContain(ids.carol);
    okOf(await alice.request('contacts:add', { userId: ids.carol }));
    expect(okOf(await alice.request('contacts:list')).users.map((u) => u.id)).toContain(ids.carol);
    expect(await alice.request('contacts:add', { userId: 'no-such-user' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('opens and lists conversations, with conversation events to the members', async () => {
    const bobConversations = new EventLog(bob.socket, 'conversation');
    const group = okOf(
      await alice.request('conversation:open', {
        memberIds: [ids.bob],
        title: `g ${randomUUID()}`,
        kind: 'group',
      }),
    );
    await bobConversations.waitFor((e) => e.conversation.id === group.conversation.id);
    const direct = okOf(await alice.request('conversation:open', { memberIds: [ids.bob] }));
    expect(direct.conversation).toMatchObject({ kind: 'direct' });
    const again = okOf(await alice.request('conversation:open', { memberIds: [ids.bob] }));
    expect(again.conversation.id).toBe(direct.conversation.id);
    const list = okOf(await alice.request('conversation:list'));
    expect(list.conversations.map((c) => c.id)).toEqual(
      expect.arrayContaining([group.conversation.id, direct.conversation.id]),
    );
  });

  it('sends, fetches and reads messages, with message, read and conversation events', async () => {
    const { conversation } = okOf(
      await alice.request('conversation:open', {
        memberIds: [ids.bob],
        title: `m ${randomUUID()}`,
        kind: 'group',
      }),
    );
    const bobMessages = new EventLog(bob.socket, 'message');
    const aliceReads = new EventLog(alice.socket, 'read');
    const bobConversations = new EventLog(bob.socket, 'conversation');
    const clientId = randomUUID();
    const sent = okOf(
      await alice.request('message:send', { conversationId: conversation.id, clientId, body: 'Hi' }),
    );
    // A new group starts with its `created` system message at seq 1.
    expect(sent.message).toMatchObject({ seq: 2, kind: 'user', senderId: ids.alice, clientId, body: 'Hi' });
    await bobMessages.waitFor((e) => e.message.id === sent.message.id);
    const retry = okOf(
      await alice.request('message:send', { conversationId: conversation.id, clientId, body: 'Hi' }),
    );
    expect(retry.message.id).toBe(sent.message.id);

    const history = okOf(
      await bob.request('message:history', { conversationId: conversation.id, afterSeq: 0 }),
    );
    expect(history).toMatchObject({
      messages: [
        { seq: 1, kind: 'system', system: { action: 'created', actorId: ids.alice } },
        { id: sent.message.id },
      ],
      more: false,
    });

    okOf(await bob.request('message:read', { conversationId: conversation.id, seq: 2 }));
    await aliceReads.waitFor(
      (e) => e.conversationId === conversation.id && e.userId === ids.bob && e.seq === 2,
    );
    await bobConversations.waitFor(
      (e) => e.conversation.id === conversation.id && e.conversation.readSeq === 2,
    );

    const tooLarge = await alice.request('message:send', {
      conversationId: conversation.id,
      clientId: randomUUID(),
      body: 'x'.repeat(10_001),
    });
    expect(tooLarge).toMatchObject({ ok: false, error: { code: 'too_large' } });
    const forbidden = await carol.request('message:history', { conversationId: conversation.id });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('relays typing, with and without an acknowledgement', async () => {
    const { conversation } = okOf(await alice.request('conversation:open', { memberIds: [ids.carol] }));
    const carolTyping = new EventLog(carol.socket, 'typing');
    okOf(await alice.request('typing', { conversationId: conversation.id, typing: true }));
    await carolTyping.waitFor((e) => e.userId === ids.alice && e.typing);
    alice.send('typing', { conversationId: conversation.id, typing: false });
    await carolTyping.waitFor((e) => e.userId === ids.alice && !e.typing);
  });

  it('tells a session it ended before closing it (session:ended)', async () => {
    const { token } = await t.token('carol@acme.test');
    const doomed = await connect('carol@acme.test', token);
    const ended = new EventLog(doomed.socket, 'session:ended');
    const response = await fetch(`${t.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(204);
    expect(await ended.waitFor()).toEqual({ reason: 'signed_out' });
  });

  it('checked every event and acknowledgement above', () => {
    expect(alice.checked.events).toBeGreaterThan(5);
    expect(alice.checked.acks).toBeGreaterThan(20);
    expect(bob.checked.events).toBeGreaterThan(5);
  });
});

/** The v2 presence events run only against a server that says it speaks v2. */
function requireV2(context: TestContext): void {
  if (alice.protocol < PROTOCOL_VERSION) {
    context.skip(`the server reports protocol ${alice.protocol}; v2 presence (issue 9) is not served yet`);
  }
}

describe('v2 presence over the wire', () => {
  it('sends source, activity and until, and the own view (chosen, devices) in ready', async (context) => {
    requireV2(context);
    const { presence } = await alice.ready;
    expect(presence).toMatchObject({ source: expect.any(String), chosen: expect.any(Object) });
    expect(presence.devices).toEqual(expect.arrayContaining([expect.objectContaining({ state: 'active' })]));
  });

  it('takes device reports without changing the chosen layer (device:activity)', async (context) => {
    requireV2(context);
    const seen = new EventLog(bob.socket, 'presence');
    okOf(await bob.request('presence:subscribe', { userIds: [ids.alice] }));
    const idle = okOf(await alice.request('device:activity', { state: 'idle', label: 'Contract laptop' }));
    expect(idle.presence).toMatchObject({ status: 'away', source: 'idle', chosen: { status: 'available' } });
    await seen.waitFor((p) => p.userId === ids.alice && p.source === 'idle');
    const active = okOf(await alice.request('device:activity', { state: 'active' }));
    expect(active.presence).toMatchObject({ status: 'available', source: 'manual' });
  });

  it('sets a chosen status with an end (presence:set until)', async (context) => {
    requireV2(context);
    const until = Date.now() + 60 * 60 * 1000;
    const set = okOf(await alice.request('presence:set', { status: 'busy', until }));
    expect(set.presence).toMatchObject({ status: 'busy', source: 'manual', until, chosen: { until } });
    const past = await alice.request('presence:set', { status: 'busy', until: Date.now() - 60_000 });
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid' } });
    okOf(await alice.request('presence:set', { status: 'available', until: null }));
  });

  it('sets and clears out of office (presence:out-of-office)', async (context) => {
    requireV2(context);
    const seen = new EventLog(bob.socket, 'presence');
    okOf(await bob.request('presence:subscribe', { userIds: [ids.alice] }));
    const to = Date.now() + 24 * 60 * 60 * 1000;
    const away = okOf(
      await alice.request('presence:out-of-office', { from: Date.now() - 1000, to, message: 'On leave' }),
    );
    expect(away.presence).toMatchObject({
      status: 'away',
      source: 'out_of_office',
      activity: 'On leave',
      until: to,
    });
    await seen.waitFor((p) => p.userId === ids.alice && p.source === 'out_of_office');
    const back = okOf(await alice.request('presence:out-of-office', { clear: true }));
    expect(back.presence).toMatchObject({ status: 'available', source: 'manual', activity: null });
  });

  it('alerts the watcher once the user is available (presence:watch, presence:alert)', async (context) => {
    requireV2(context);
    const alerts = new EventLog(bob.socket, 'presence:alert');
    okOf(await alice.request('presence:set', { status: 'busy' }));
    okOf(await bob.request('presence:watch', { userId: ids.alice }));
    okOf(await alice.request('presence:set', { status: 'available' }));
    const alert = await alerts.waitFor((a) => a.userId === ids.alice);
    expect(alert.presence).toMatchObject({ userId: ids.alice, status: 'available' });
    okOf(await bob.request('presence:watch', { userId: ids.carol }));
    okOf(await bob.request('presence:unwatch', { userId: ids.carol }));
  });
});

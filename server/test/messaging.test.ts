import { randomUUID } from 'node:crypto';
import type { Conversation, Message, UserWithPresence } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords';
import { type AckResponse, EventLog, request, roundTrip, type TestSocket } from './helpers/client';
import { startTestServer, type TestServer } from './helpers/test-server';

type Ack<T> = AckResponse & T;
interface Session {
  socket: TestSocket;
  id: string;
  messages: EventLog<'message'>;
  conversations: EventLog<'conversation'>;
  reads: EventLog<'read'>;
  typing: EventLog<'typing'>;
}

let t: TestServer;
let alice: Session;
let alice2: Session;
let bob: Session;
let carol: Session;

async function session(email: string): Promise<Session> {
  const { socket, user } = await t.connect(email);
  return {
    socket,
    id: user.id,
    messages: new EventLog(socket, 'message'),
    conversations: new EventLog(socket, 'conversation'),
    reads: new EventLog(socket, 'read'),
    typing: new EventLog(socket, 'typing'),
  };
}

async function open(from: Session, memberIds: string[], extra: Record<string, unknown> = {}) {
  return request<Ack<{ conversation: Conversation }>>(from.socket, 'conversation:open', {
    memberIds,
    ...extra,
  });
}

async function send(from: Session, conversationId: string, body: string, clientId: string = randomUUID()) {
  return request<Ack<{ message: Message }>>(from.socket, 'message:send', { conversationId, clientId, body });
}

/** A fresh group of the given members, so tests do not share sequence numbers. */
async function freshGroup(owner: Session, others: Session[]): Promise<string> {
  const ack = await open(
    owner,
    others.map((s) => s.id),
    { title: `group ${randomUUID()}`, kind: 'group' },
  );
  expect(ack.ok).toBe(true);
  return ack.conversation.id;
}

/** The names of the events of one conversation that reach `socket` from now on, in arrival order. */
function eventOrder(socket: TestSocket, conversationId: string): string[] {
  const order: string[] = [];
  socket.onAny((event: string, payload: unknown) => {
    const inConversation =
      (event === 'message' && (payload as { message: Message }).message.conversationId === conversationId) ||
      (event === 'conversation' &&
        (payload as { conversation: Conversation }).conversation.id === conversationId);
    if (inConversation) order.push(event);
  });
  return order;
}

beforeAll(async () => {
  t = await startTestServer();
  [alice, alice2, bob, carol] = await Promise.all([
    session('alice@acme.test'),
    session('alice@acme.test'),
    session('bob@acme.test'),
    session('carol@acme.test'),
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe('directory and contacts', () => {
  it('finds users by name or e-mail, with presence', async () => {
    const byName = await request<Ack<{ users: UserWithPresence[] }>>(alice.socket, 'directory:search', {
      query: 'bak',
    });
    expect(byName).toMatchObject({ ok: true });
    expect(byName.users.map((u) => u.email)).toEqual(['bob@acme.test']);
    expect(byName.users[0]?.presence).toMatchObject({ userId: bob.id, status: 'available' });
    const byEmail = await request<Ack<{ users: UserWithPresence[] }>>(alice.socket, 'directory:search', {
      query: 'CAROL@',
    });
    expect(byEmail.users.map((u) => u.name)).toEqual(['Carol Chen']);
  });

  it('limits directory results (default 20, at most 100)', async () => {
    const two = await request<Ack<{ users: UserWithPresence[] }>>(alice.socket, 'directory:search', {
      query: '',
      limit: 2,
    });
    expect(two.users).toHaveLength(2);
    const many = await request<Ack<{ users: UserWithPresence[] }>>(alice.socket, 'directory:search', {
      query: 'acme',
      limit: 5000,
    });
    expect(many.ok).toBe(true);
    expect(many.users.length).toBeGreaterThanOrEqual(4);
  });

  it('answers invalid for a malformed search, naming the field', async () => {
    expect(await request(alice.socket, 'directory:search', { query: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^query:/) },
    });
    expect(await request(alice.socket, 'directory:search', { query: 'a', limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^limit:/) },
    });
  });

  it('lists, removes and adds contacts (with or without a payload on list)', async () => {
    const withoutPayload = await request<Ack<{ users: UserWithPresence[] }>>(alice.socket, 'contacts:list');
    const withPayload = await request<Ack<{ users: UserWithPresence[] }>>(alice.socket, 'contacts:list', {});
    expect(withoutPayload.ok).toBe(true);
    expect(withPayload.users).toEqual(withoutPayload.users);
    expect(withoutPayload.users.map((u) => u.email)).toContain('dave@acme.test');
    const dave = withoutPayload.users.find((u) => u.email === 'dave@acme.test');
    if (!dave) throw new Error('dave missing');

    expect(await request(alice.socket, 'contacts:remove', { userId: dave.id })).toEqual({ ok: true });
    expect(await request(alice.socket, 'contacts:remove', { userId: dave.id })).toEqual({ ok: true });
    const after = await request<Ack<{ users: UserWithPresence[] }>>(alice.socket, 'contacts:list');
    expect(after.users.map((u) => u.email)).not.toContain('dave@acme.test');

    expect(await request(alice.socket, 'contacts:add', { userId: dave.id })).toEqual({ ok: true });
    const again = await request<Ack<{ users: UserWithPresence[] }>>(alice.socket, 'contacts:list');
    expect(again.users.at(-1)).toMatchObject({ email: 'dave@acme.test', presence: { status: 'offline' } });
  });

  it('refuses unknown users, oneself and malformed contact changes', async () => {
    expect(await request(alice.socket, 'contacts:add', { userId: 'no-such-user' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await request(alice.socket, 'contacts:add', { userId: alice.id })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^userId:/) },
    });
    expect(await request(alice.socket, 'contacts:add', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^userId:/) },
    });
  });
});

describe('conversations', () => {
  it('opens a direct conversation once per pair and tells every member session', async () => {
    const first = await open(alice, [bob.id]);
    expect(first).toMatchObject({
      ok: true,
      conversation: {
        kind: 'direct',
        title: 'Bob Baker',
        memberIds: [alice.id, bob.id],
        lastSeq: 0,
        unread: 0,
      },
    });
    const { id } = first.conversation;
    // Every session of the opener hears of it; the other member only with its first message.
    await alice2.conversations.waitFor((e) => e.conversation.id === id);
    const reopened = await open(alice, [bob.id, alice.id, bob.id]);
    expect(reopened.conversation.id).toBe(id);
    await roundTrip(bob.socket);
    expect(bob.conversations.events.some((e) => e.conversation.id === id)).toBe(false);
    const bobList = await request<Ack<{ conversations: Conversation[] }>>(bob.socket, 'conversation:list');
    expect(bobList.conversations.some((c) => c.id === id)).toBe(false);

    const bobEvents = eventOrder(bob.socket, id);
    const sent = await send(alice, id, 'Hi Bob');
    expect(sent).toMatchObject({ ok: true, message: { seq: 1 } });
    await bob.messages.waitFor((e) => e.message.id === sent.message.id);
    expect(bobEvents).toEqual(['conversation', 'message']);
    const toBob = await bob.conversations.waitFor((e) => e.conversation.id === id);
    expect(toBob.conversation).toMatchObject({ title: 'Alice Archer', lastSeq: 1, readSeq: 0, unread: 1 });

    const fromBob = await open(bob, [alice.id]);
    expect(fromBob.conversation.id).toBe(id);
    expect(fromBob.conversation.title).toBe('Alice Archer');
    await send(alice, id, 'Still there?');
    await roundTrip(bob.socket);
    // Announced once: later messages come without another `conversation`.
    expect(bob.conversations.events.filter((e) => e.conversation.id === id)).toHaveLength(1);
    expect(carol.conversations.events.some((e) => e.conversation.id === id)).toBe(false);
  });

  it('creates groups with a title, or titled by the other members', async () => {
    const titled = await open(alice, [bob.id, carol.id], { title: '  Launch  ' });
    expect(titled.conversation).toMatchObject({ kind: 'group', title: 'Launch' });
    const untitled = await open(alice, [bob.id, carol.id]);
    expect(untitled.conversation.id).not.toBe(titled.conversation.id);
    expect(untitled.conversation.title).toBe('Bob Baker, Carol Chen');
    const forCarol = await carol.conversations.waitFor((e) => e.conversation.id === untitled.conversation.id);
    expect(forCarol.conversation.title).toBe('Alice Archer, Bob Baker');
    const groupOfTwo = await open(alice, [bob.id], { kind: 'group' });
    expect(groupOfTwo.conversation).toMatchObject({ kind: 'group', title: 'Bob Baker' });
  });

  it('refuses unknown members, empty and contradictory requests', async () => {
    expect(await open(alice, ['no-such-user'])).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await open(alice, [bob.id, 'no-such-user'])).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await open(alice, [alice.id])).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^memberIds:/) },
    });
    expect(await open(alice, [])).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^memberIds:/) },
    });
    expect(await open(alice, [bob.id, carol.id], { kind: 'direct' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^kind:/) },
    });
    expect(await request(alice.socket, 'conversation:open', { memberIds: 'bob' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^memberIds:/) },
    });
  });

  it('refuses members outside the organisation (policy) and disabled ones (not_found)', async () => {
    const passwordHash = await hashPassword('irrelevant-password');
    const outsider = await t.server.store.users.create({
      email: 'olga@other.test',
      name: 'Olga Out',
      passwordHash,
    });
    expect(await open(alice, [outsider.id])).toMatchObject({
      ok: false,
      error: { code: 'policy', message: expect.stringContaining('olga@other.test') },
    });
    const gone = await t.server.store.users.create({
      email: 'gone@acme.test',
      name: 'Gone Gus',
      passwordHash,
    });
    await t.server.store.users.setDisabled(gone.id, true);
    expect(await open(alice, [gone.id])).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('lists the caller’s conversations, most recently active first, with read positions', async () => {
    const direct = await open(alice, [carol.id]);
    const sent = await send(alice, direct.conversation.id, 'hello Carol');
    expect(sent.ok).toBe(true);
    const list = await request<Ack<{ conversations: Conversation[] }>>(alice.socket, 'conversation:list');
    expect(list.ok).toBe(true);
    expect(list.conversations[0]).toMatchObject({
      id: direct.conversation.id,
      title: 'Carol Chen',
      lastSeq: 1,
      lastMessage: { body: 'hello Carol' },
      readSeqs: { [alice.id]: 0, [carol.id]: 0 },
    });
    const forCarol = await request<Ack<{ conversations: Conversation[] }>>(
      carol.socket,
      'conversation:list',
      {},
    );
    expect(forCarol.conversations.find((c) => c.id === direct.conversation.id)).toMatchObject({ unread: 1 });
    expect(forCarol.conversations.every((c) => c.memberIds.includes(carol.id))).toBe(true);
  });
});

describe('messages', () => {
  it('stores a message, acks it, and delivers it to every session of every member', async () => {
    const conversationId = await freshGroup(alice, [bob]);
    const ack = await send(alice, conversationId, 'Hello Bob');
    // Seq 1 is the group's `created` system message.
    expect(ack).toMatchObject({
      ok: true,
      message: { conversationId, seq: 2, kind: 'user', senderId: alice.id, body: 'Hello Bob' },
    });
    expect(typeof ack.message.sentAt).toBe('number');
    for (const member of [bob, alice2, alice]) {
      const event = await member.messages.waitFor((e) => e.message.id === ack.message.id);
      expect(event.message).toEqual(ack.message);
    }
    await roundTrip(carol.socket);
    expect(carol.messages.events.some((e) => e.message.conversationId === conversationId)).toBe(false);
    const second = await send(bob, conversationId, 'Hi Alice');
    expect(second.message.seq).toBe(3);
  });

  it('answers a retry with the same clientId with the stored message, and stores and sends nothing new', async () => {
    const conversationId = await freshGroup(alice, [bob]);
    const clientId = randomUUID();
    const first = await send(alice, conversationId, 'only once', clientId);
    const retry = await send(alice, conversationId, 'only once', clientId);
    expect(retry).toEqual(first);
    const concurrent = await Promise.all([1, 2, 3].map(() => send(alice, conversationId, 'x', clientId)));
    for (const ack of concurrent) expect(ack.message.id).toBe(first.message.id);
    await roundTrip(bob.socket);
    expect(bob.messages.events.filter((e) => e.message.clientId === clientId)).toHaveLength(1);
    const history = await request<Ack<{ messages: Message[] }>>(alice.socket, 'message:history', {
      conversationId,
    });
    expect(history.messages.map((m) => [m.seq, m.kind])).toEqual([
      [1, 'system'],
      [2, 'user'],
    ]);
    expect(first.message.seq).toBe(2);
    // The same clientId from another sender is another message.
    const fromBob = await send(bob, conversationId, 'mine', clientId);
    expect(fromBob.message.seq).toBe(3);
  });

  it('forbids non-members to send, read history, mark read or type', async () => {
    const conversationId = (await open(alice, [bob.id])).conversation.id;
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    expect(await send(carol, conversationId, 'let me in')).toMatchObject(forbidden);
    expect(await request(carol.socket, 'message:history', { conversationId })).toMatchObject(forbidden);
    expect(await request(carol.socket, 'message:read', { conversationId, seq: 1 })).toMatchObject(forbidden);
    expect(await request(carol.socket, 'typing', { conversationId, typing: true })).toMatchObject(forbidden);
    await roundTrip(bob.socket);
    expect(bob.messages.events.some((e) => e.message.body === 'let me in')).toBe(false);
  });

  it('answers not_found for an unknown conversation', async () => {
    const conversationId = 'no-such-conversation';
    const notFound = { ok: false, error: { code: 'not_found' } };
    expect(await send(alice, conversationId, 'hello?')).toMatchObject(notFound);
    expect(await request(alice.socket, 'message:history', { conversationId })).toMatchObject(notFound);
    expect(await request(alice.socket, 'message:read', { conversationId, seq: 1 })).toMatchObject(notFound);
    expect(await request(alice.socket, 'typing', { conversationId, typing: true })).toMatchObject(notFound);
  });

  it('answers too_large for a body over 10000 characters and stores nothing', async () => {
    const conversationId = await freshGroup(alice, [bob]);
    expect(await send(alice, conversationId, 'x'.repeat(10_001))).toMatchObject({
      ok: false,
      error: { code: 'too_large', message: expect.stringMatching(/^body:/) },
    });
    // Seq 2 follows the `created` message at once: the refused body took no seq.
    const exact = await send(alice, conversationId, 'y'.repeat(10_000));
    expect(exact).toMatchObject({ ok: true, message: { seq: 2 } });
  });

  it('answers invalid for malformed payloads, naming the field, without disturbing anyone', async () => {
    const conversationId = await freshGroup(alice, [bob]);
    const cases: Array<[unknown, string]> = [
      [{ conversationId, body: 'no client id' }, 'clientId'],
      [{ conversationId, clientId: randomUUID(), body: 42 }, 'body'],
      [{ conversationId, clientId: randomUUID(), body: '' }, 'body'],
      [{ clientId: randomUUID(), body: 'hi' }, 'conversationId'],
      [null, 'payload'],
      ['just a string', 'payload'],
    ];
    for (const [payload, field] of cases) {
      const ack = await request(carol.socket, 'message:send', payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(ack.error?.message.startsWith(`${field}:`)).toBe(true);
    }
    expect(await request(carol.socket, 'message:history', { conversationId, limit: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^limit:/) },
    });
    expect(await request(carol.socket, 'message:read', { conversationId, seq: 'last' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^seq:/) },
    });
    // Garbage without an ack, and an event the contract does not know: ignored.
    (carol.socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit('message:send', {
      x: 1,
    });
    (carol.socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit(
      'no:such:event',
      1,
      2,
    );
    expect(carol.socket.connected).toBe(true);
    expect((await request(carol.socket, 'contacts:list')).ok).toBe(true);
    const stillFine = await send(alice, conversationId, 'business as usual');
    expect(stillFine).toMatchObject({ ok: true, message: { seq: 2 } });
    await bob.messages.waitFor((e) => e.message.id === stillFine.message.id);
  });

  it('pages history in both directions (ascending, more flag, limit clamped to 200)', async () => {
    const conversationId = await freshGroup(alice, [bob]);
    for (let i = 1; i <= 7; i++)
      expect((await send(i % 2 ? alice : bob, conversationId, `m${i}`)).ok).toBe(true);
    type Page = Ack<{ messages: Message[]; more: boolean }>;
    const page = async (query: Record<string, unknown>) => {
      const ack = await request<Page>(bob.socket, 'message:history', { conversationId, ...query });
      expect(ack.ok).toBe(true);
      return { seqs: ack.messages.map((m) => m.seq), more: ack.more };
    };
    // Seq 1 is the `created` system message, m1 … m7 are seqs 2 … 8.
    expect(await page({ limit: 3 })).toEqual({ seqs: [6, 7, 8], more: true });
    expect(await page({ beforeSeq: 6, limit: 3 })).toEqual({ seqs: [3, 4, 5], more: true });
    expect(await page({ beforeSeq: 3, limit: 3 })).toEqual({ seqs: [1, 2], more: false });
    expect(await page({ afterSeq: 0, limit: 3 })).toEqual({ seqs: [1, 2, 3], more: true });
    expect(await page({ afterSeq: 3, limit: 3 })).toEqual({ seqs: [4, 5, 6], more: true });
    expect(await page({ afterSeq: 7, limit: 3 })).toEqual({ seqs: [8], more: false });
    expect(await page({ afterSeq: 8 })).toEqual({ seqs: [], more: false });
    expect(await page({ afterSeq: 2, beforeSeq: 6 })).toEqual({ seqs: [3, 4, 5], more: false });
    expect(await page({ limit: 100_000 })).toEqual({ seqs: [1, 2, 3, 4, 5, 6, 7, 8], more: false });
    expect(await page({})).toEqual({ seqs: [1, 2, 3, 4, 5, 6, 7, 8], more: false });
    const bodies = await request<Page>(bob.socket, 'message:history', { conversationId });
    expect(bodies.messages.map((m) => (m.kind === 'user' ? m.body : m.system?.action))).toEqual([
      'created',
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
      'm6',
      'm7',
    ]);
  });

  it('clamps history pages to 200 messages and defaults to 50', async () => {
    const conversationId = await freshGroup(alice, [bob]);
    // Straight into the store: one session may not send this fast (per-session rate limit).
    for (let i = 0; i < 210; i++) {
      await t.server.store.messages.append({
        conversationId,
        senderId: i % 2 ? alice.id : bob.id,
        clientId: randomUUID(),
        body: `bulk ${i}`,
        sentAt: Date.now(),
      });
    }
    const all = await request<Ack<{ messages: Message[]; more: boolean }>>(alice.socket, 'message:history', {
      conversationId,
      limit: 1000,
    });
    // 211 messages: the `created` one and the 210 above.
    expect(all.messages).toHaveLength(200);
    expect(all.messages[0]?.seq).toBe(12);
    expect(all.more).toBe(true);
    const byDefault = await request<Ack<{ messages: Message[] }>>(alice.socket, 'message:history', {
      conversationId,
    });
    expect(byDefault.messages).toHaveLength(50);
    expect(all.messages.map((m) => m.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 12));
  });

  it('raises read positions (never lowers, clamps to lastSeq) and tells the members', async () => {
    const conversationId = await freshGroup(alice, [bob]);
    for (let i = 1; i <= 4; i++) await send(alice, conversationId, `r${i}`);
    // The `created` note (seq 1) is not unread: only r1 … r4, what someone wrote, count.
    const unreadList = await request<Ack<{ conversations: Conversation[] }>>(bob.socket, 'conversation:list');
    expect(unreadList.conversations.find((c) => c.id === conversationId)).toMatchObject({
      readSeq: 0,
      unread: 4,
      lastSeq: 5,
    });
    expect(await request(bob.socket, 'message:read', { conversationId, seq: 2 })).toEqual({ ok: true });
    const read = await alice.reads.waitFor((e) => e.conversationId === conversationId);
    expect(read).toEqual({ conversationId, userId: bob.id, seq: 2 });
    const bobView = await bob.conversations.waitFor(
      (e) => e.conversation.id === conversationId && e.conversation.readSeq === 2,
    );
    expect(bobView.conversation).toMatchObject({ unread: 3, lastSeq: 5 });

    expect(await request(bob.socket, 'message:read', { conversationId, seq: 1 })).toEqual({ ok: true });
    expect(await request(bob.socket, 'message:read', { conversationId, seq: 999 })).toEqual({ ok: true });
    const clamped = await alice.reads.waitFor((e) => e.conversationId === conversationId && e.seq !== 2);
    expect(clamped.seq).toBe(5);
    await roundTrip(alice.socket);
    expect(alice.reads.events.filter((e) => e.conversationId === conversationId).map((e) => e.seq)).toEqual([
      2, 5,
    ]);
    const list = await request<Ack<{ conversations: Conversation[] }>>(bob.socket, 'conversation:list');
    expect(list.conversations.find((c) => c.id === conversationId)).toMatchObject({ readSeq: 5, unread: 0 });
    // The creator's own `created` message was never unread for her.
    const aliceList = await request<Ack<{ conversations: Conversation[] }>>(
      alice.socket,
      'conversation:list',
    );
    expect(aliceList.conversations.find((c) => c.id === conversationId)).toMatchObject({ unread: 0 });
  });

  it('relays typing to the other members only, never stored', async () => {
    const conversationId = await freshGroup(alice, [bob]);
    expect(await request(alice.socket, 'typing', { conversationId, typing: true })).toEqual({ ok: true });
    expect(await bob.typing.waitFor((e) => e.conversationId === conversationId)).toEqual({
      conversationId,
      userId: alice.id,
      typing: true,
    });
    // Without an ack (the contract's ack is optional for typing).
    alice.socket.emit('typing', { conversationId, typing: false });
    await bob.typing.waitFor((e) => e.conversationId === conversationId && !e.typing);
    await roundTrip(alice2.socket);
    await roundTrip(carol.socket);
    expect(alice2.typing.events.some((e) => e.conversationId === conversationId)).toBe(false);
    expect(alice.typing.events.some((e) => e.conversationId === conversationId)).toBe(false);
    expect(carol.typing.events.some((e) => e.conversationId === conversationId)).toBe(false);
    const history = await request<Ack<{ messages: Message[] }>>(alice.socket, 'message:history', {
      conversationId,
    });
    // Only the group's `created` message: typing wrote nothing.
    expect(history.messages.map((m) => m.system?.action ?? m.kind)).toEqual(['created']);
  });
});

describe('external domains', () => {
  it('allows members of a domain the server allows', async () => {
    const other = await startTestServer({ allowedExternalDomains: ['partner.test'] });
    try {
      const passwordHash = await hashPassword('partner-password');
      const partner = await other.server.store.users.create({
        email: 'pat@partner.test',
        name: 'Pat',
        passwordHash,
      });
      const { socket } = await other.connect('alice@acme.test');
      const ack = await request<Ack<{ conversation: Conversation }>>(socket, 'conversation:open', {
        memberIds: [partner.id],
      });
      expect(ack).toMatchObject({ ok: true, conversation: { kind: 'direct', title: 'Pat' } });
    } finally {
      await other.close();
    }
  });
});

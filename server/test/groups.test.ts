import { randomUUID } from 'node:crypto';
import type { Conversation, Message } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AckResponse, EventLog, request, roundTrip, type TestSocket } from './helpers/client';
import { startTestServer, type TestServer } from './helpers/test-server';

type Ack<T> = AckResponse & T;
type ConversationAck = Ack<{ conversation: Conversation }>;
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
let bob: Session;
let carol: Session;
let dave: Session;

async function session(server: TestServer, email: string): Promise<Session> {
  const { socket, user } = await server.connect(email);
  return {
    socket,
    id: user.id,
    messages: new EventLog(socket, 'message'),
    conversations: new EventLog(socket, 'conversation'),
    reads: new EventLog(socket, 'read'),
    typing: new EventLog(socket, 'typing'),
  };
}

const open = (from: Session, memberIds: string[], extra: Record<string, unknown> = {}) =>
  request<ConversationAck>(from.socket, 'conversation:open', { memberIds, ...extra });
const send = (from: Session, conversationId: string, body: string) =>
  request<Ack<{ message: Message }>>(from.socket, 'message:send', {
    conversationId,
    clientId: randomUUID(),
    body,
  });
const update = (from: Session, payload: Record<string, unknown>) =>
  request<ConversationAck>(from.socket, 'conversation:update', payload);
async function history(from: Session, conversationId: string, extra: Record<string, unknown> = {}) {
  const ack = await request<Ack<{ messages: Message[]; more: boolean }>>(from.socket, 'message:history', {
    conversationId,
    ...extra,
  });
  if (!ack.ok) throw new Error(`message:history failed: ${JSON.stringify(ack.error)}`);
  return ack;
}
const list = async (from: Session) =>
  (await request<Ack<{ conversations: Conversation[] }>>(from.socket, 'conversation:list')).conversations;

async function freshGroup(owner: Session, others: Session[], title = `group ${randomUUID()}`) {
  const ack = await open(
    owner,
    others.map((s) => s.id),
    { title, kind: 'group' },
  );
  expect(ack.ok).toBe(true);
  return ack.conversation;
}

/**
 * Sends `to` a message in a direct conversation and waits for it: socket.io keeps the order
 * of one socket's events, so whatever the server emitted to `to` before has arrived by then.
 */
async function marker(from: Session, to: Session): Promise<void> {
  const pair = await open(from, [to.id]);
  const sent = await send(from, pair.conversation.id, `marker ${randomUUID()}`);
  await to.messages.waitFor((p) => p.message.id === sent.message.id);
}

beforeAll(async () => {
  t = await startTestServer();
  [alice, bob, carol, dave] = await Promise.all([
    session(t, 'alice@acme.test'),
    session(t, 'bob@acme.test'),
    session(t, 'carol@acme.test'),
    session(t, 'dave@acme.test'),
  ]);
});
afterAll(() => t.close());

describe('creating a group', () => {
  it('writes a created system message that every member gets live and in history', async () => {
    const group = await freshGroup(alice, [bob], 'Launch');
    expect(group.lastSeq).toBe(1);
    const live = await bob.messages.waitFor((p) => p.message.conversationId === group.id);
    expect(live.message).toMatchObject({
      seq: 1,
      kind: 'system',
      senderId: alice.id,
      system: { action: 'created', actorId: alice.id, userIds: [bob.id], title: 'Launch' },
      body: 'Alice Archer created the group “Launch”',
    });
    await bob.conversations.waitFor((p) => p.conversation.id === group.id);
    const { messages } = await history(bob, group.id);
    expect(messages.map((m) => m.body)).toEqual(['Alice Archer created the group “Launch”']);
  });
});

describe('conversation:update and conversation:leave', () => {
  it('renames, adds and removes with system messages, live and in history', async () => {
    const group = await freshGroup(alice, [bob, carol]);
    const ack = await update(alice, {
      conversationId: group.id,
      title: '  Renamed  ',
      addMemberIds: [dave.id],
      removeMemberIds: [carol.id],
    });
    expect(ack.ok).toBe(true);
    expect(ack.conversation).toMatchObject({
      title: 'Renamed',
      memberIds: [alice.id, bob.id, dave.id],
      lastSeq: 4,
    });

    const bodies = [
      'Alice Archer renamed the group to “Renamed”',
      'Alice Archer added Dave Diaz',
      'Alice Archer removed Carol Chen',
    ];
    const { messages } = await history(bob, group.id);
    expect(messages.map((m) => m.body)).toEqual([
      `Alice Archer created the group “${group.title}”`,
      ...bodies,
    ]);
    expect(messages.slice(1).map((m) => m.system?.action)).toEqual(['renamed', 'added', 'removed']);
    for (const body of bodies) await bob.messages.waitFor((p) => p.message.body === body);

    // The added member gets the conversation, then the messages from their announcement on.
    const added = await dave.conversations.waitFor((p) => p.conversation.id === group.id);
    expect(added.conversation.memberIds).toContain(dave.id);
    const daveHistory = await history(dave, group.id);
    expect(daveHistory.messages.map((m) => m.seq)).toEqual([3, 4]);
    expect(daveHistory.more).toBe(false);

    // The removed member's last update no longer lists them.
    const last = await carol.conversations.waitFor(
      (p) => p.conversation.id === group.id && !p.conversation.memberIds.includes(carol.id),
    );
    expect(last.conversation.lastSeq).toBe(4);
    await carol.messages.waitFor((p) => p.message.conversationId === group.id && p.message.seq === 4);
  });

  it('lets a member leave; the group stays in their list, read-only', async () => {
    const group = await freshGroup(alice, [bob]);
    const ack = await request<ConversationAck>(bob.socket, 'conversation:leave', {
      conversationId: group.id,
    });
    expect(ack.ok).toBe(true);
    expect(ack.conversation.memberIds).toEqual([alice.id]);
    await alice.messages.waitFor(
      (p) => p.message.conversationId === group.id && p.message.body === 'Bob Baker left',
    );
    expect((await list(bob)).find((c) => c.id === group.id)).toMatchObject({
      memberIds: [alice.id],
      lastSeq: 2,
      unread: 0,
    });
    expect((await send(bob, group.id, 'still here?')).error?.code).toBe('forbidden');
    const hide = await request(bob.socket, 'conversation:hide', { conversationId: group.id });
    expect(hide.ok).toBe(true);
    expect((await list(bob)).some((c) => c.id === group.id)).toBe(false);
  });

  it('stops every event to a removed member at once, and they read nothing new', async () => {
    const group = await freshGroup(alice, [bob, carol]);
    await carol.messages.waitFor((p) => p.message.conversationId === group.id);
    expect((await update(alice, { conversationId: group.id, removeMemberIds: [carol.id] })).ok).toBe(true);
    await carol.conversations.waitFor(
      (p) => p.conversation.id === group.id && !p.conversation.memberIds.includes(carol.id),
    );
    const countBefore = () =>
      carol.messages.events.filter((p) => p.message.conversationId === group.id).length +
      carol.typing.events.filter((p) => p.conversationId === group.id).length +
      carol.reads.events.filter((p) => p.conversationId === group.id).length;
    const conversationsBefore = carol.conversations.events.filter(
      (p) => p.conversation.id === group.id,
    ).length;
    const before = countBefore();

    const after = await send(alice, group.id, 'after the removal');
    expect(after.ok).toBe(true);
    await request(bob.socket, 'typing', { conversationId: group.id, typing: true });
    await request(bob.socket, 'message:read', { conversationId: group.id, seq: after.message.seq });
    await update(alice, { conversationId: group.id, title: 'Secret plans' });
    await bob.messages.waitFor((p) => p.message.id === after.message.id);
    await marker(alice, carol);

    expect(countBefore()).toBe(before);
    expect(carol.conversations.events.filter((p) => p.conversation.id === group.id)).toHaveLength(
      conversationsBefore,
    );
    const page = await history(carol, group.id);
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect((await history(carol, group.id, { afterSeq: 2 })).messages).toEqual([]);
    expect((await send(carol, group.id, 'hello?')).error?.code).toBe('forbidden');
    expect(
      (await request(carol.socket, 'message:read', { conversationId: group.id, seq: 99 })).error?.code,
    ).toBe('forbidden');
    expect(
      (await request(carol.socket, 'typing', { conversationId: group.id, typing: true })).error?.code,
    ).toBe('forbidden');
  });

  it('refuses changes to a direct conversation (invalid) and by non-members (forbidden)', async () => {
    const pair = await open(alice, [bob.id]);
    const direct = await update(alice, { conversationId: pair.conversation.id, addMemberIds: [carol.id] });
    expect(direct.error?.code).toBe('invalid');
    expect(
      (await request(alice.socket, 'conversation:leave', { conversationId: pair.conversation.id })).error
        ?.code,
    ).toBe('invalid');
    const group = await freshGroup(alice, [bob]);
    expect((await update(carol, { conversationId: group.id, title: 'Mine now' })).error?.code).toBe(
      'forbidden',
    );
    expect((await update(alice, { conversationId: randomUUID(), title: 'x' })).error?.code).toBe('not_found');
    expect((await update(alice, { conversationId: group.id })).error?.code).toBe('invalid');
    expect((await update(alice, { conversationId: group.id, removeMemberIds: [alice.id] })).error?.code).toBe(
      'invalid',
    );
    expect(
      (await update(alice, { conversationId: group.id, addMemberIds: [randomUUID()] })).error?.code,
    ).toBe('not_found');
    expect((await update(alice, { conversationId: group.id, title: 'x'.repeat(201) })).error?.code).toBe(
      'invalid',
    );
    const { messages } = await history(alice, group.id);
    expect(messages).toHaveLength(1);
  });
});

describe('empty direct conversations', () => {
  it('appear in the other member’s list only with the first message', async () => {
    const [erin, frank] = await Promise.all([session(t, 'erin@acme.test'), session(t, 'frank@acme.test')]);
    const opened = await open(erin, [frank.id]);
    expect(opened.ok).toBe(true);
    const id = opened.conversation.id;
    expect((await list(erin)).map((c) => c.id)).toContain(id);
    await erin.conversations.waitFor((p) => p.conversation.id === id);
    await roundTrip(frank.socket);
    expect(frank.conversations.events.some((p) => p.conversation.id === id)).toBe(false);
    expect((await list(frank)).some((c) => c.id === id)).toBe(false);

    await send(erin, id, 'Hello Frank');
    const shown = await frank.conversations.waitFor((p) => p.conversation.id === id);
    expect(shown.conversation.lastSeq).toBe(1);
    await frank.messages.waitFor((p) => p.message.conversationId === id);
    expect((await list(frank)).map((c) => c.id)).toContain(id);
  });
});

describe('limits per user and hour', () => {
  it('refuses group creation and invitations over the configured limits with rate_limited', async () => {
    const limited = await startTestServer({ groupsPerHour: 3, invitationsPerHour: 2 });
    try {
      const [grace, henry, carolHere, daveHere] = await Promise.all([
        session(limited, 'grace@acme.test'),
        session(limited, 'henry@acme.test'),
        session(limited, 'carol@acme.test'),
        session(limited, 'dave@acme.test'),
      ]);
      for (let i = 0; i < 3; i++) expect((await freshGroup(grace, [henry])).kind).toBe('group');
      const refused = await open(grace, [henry.id], { kind: 'group' });
      expect(refused.error?.code).toBe('rate_limited');
      expect(refused.error?.message).toMatch(/at most 3 per hour/);
      // Direct conversations are not limited.
      expect((await open(grace, [carolHere.id])).ok).toBe(true);

      const group = await freshGroup(henry, [grace]);
      const twoNew = await update(henry, {
        conversationId: group.id,
        addMemberIds: [carolHere.id, daveHere.id, grace.id],
      });
      expect(twoNew.ok).toBe(true);
      const over = await update(henry, { conversationId: group.id, removeMemberIds: [daveHere.id] });
      expect(over.ok).toBe(true);
      const again = await update(henry, { conversationId: group.id, addMemberIds: [daveHere.id] });
      expect(again.error?.code).toBe('rate_limited');
      expect((await history(henry, group.id)).messages.map((m) => m.system?.action)).toEqual([
        'created',
        'added',
        'removed',
      ]);
    } finally {
      await limited.close();
    }
  });
});

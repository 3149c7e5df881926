import { randomUUID } from 'node:crypto';
import type { Conversation } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AckResponse, EventLog, request, roundTrip, type TestSocket } from './helpers/client';
import { openGroup, sendMessage } from './helpers/conversations';
import { startTestServer, type TestServer } from './helpers/test-server';

type Ack<T> = AckResponse & T;
interface Session {
  socket: TestSocket;
  id: string;
  conversations: EventLog<'conversation'>;
  reads: EventLog<'read'>;
}

let t: TestServer;
let alice: Session;
let alice2: Session;
let bob: Session;
let dave: Session;

async function session(email: string): Promise<Session> {
  const { socket, user } = await t.connect(email);
  return {
    socket,
    id: user.id,
    conversations: new EventLog(socket, 'conversation'),
    reads: new EventLog(socket, 'read'),
  };
}

const group = (owner: Session, others: Session[]) => openGroup(owner, others, 'unread');
const sent = sendMessage;

const unread = (from: Session, conversationId: string, seq: unknown) =>
  request<AckResponse>(from.socket, 'message:unread', { conversationId, seq });
const read = (from: Session, conversationId: string, seq: number) =>
  request<AckResponse>(from.socket, 'message:read', { conversationId, seq });

async function viewOf(from: Session, conversationId: string): Promise<Conversation> {
  const ack = await request<Ack<{ conversations: Conversation[] }>>(from.socket, 'conversation:list', {});
  const view = ack.conversations.find((c) => c.id === conversationId);
  if (!view) throw new Error(`no view of ${conversationId}`);
  return view;
}

beforeAll(async () => {
  t = await startTestServer();
  alice = await session('alice@acme.test');
  alice2 = await session('alice@acme.test');
  bob = await session('bob@acme.test');
  dave = await session('dave@acme.test');
});

afterAll(async () => {
  await t?.close();
});

describe('message:unread (mark as unread)', () => {
  it("moves the caller's read position back to seq - 1 and tells their sessions, not the others", async () => {
    const conversationId = await group(bob, [alice]);
    const first = await sent(bob, conversationId, 'one');
    await sent(bob, conversationId, 'two');
    const last = await sent(bob, conversationId, 'three');
    expect(await read(alice, conversationId, last.seq)).toMatchObject({ ok: true });
    await bob.reads.waitFor((r) => r.conversationId === conversationId && r.seq === last.seq);

    expect(await unread(alice, conversationId, first.seq)).toEqual({ ok: true });
    for (const own of [alice, alice2]) {
      const { conversation } = await own.conversations.waitFor(
        (c) => c.conversation.id === conversationId && c.conversation.readSeq === first.seq - 1,
      );
      expect(conversation.unread).toBe(3);
    }
    expect((await viewOf(alice, conversationId)).readSeq).toBe(first.seq - 1);
    // Bob's "Seen" stays where it was: nothing is sent to him, and his view keeps it.
    await roundTrip(bob.socket);
    expect(bob.reads.events.filter((r) => r.conversationId === conversationId).map((r) => r.seq)).toEqual([
      last.seq,
    ]);
    expect((await viewOf(bob, conversationId)).readSeqs?.[alice.id]).toBe(last.seq);

    // Reading again up to where Bob already saw her is no news to him.
    expect(await read(alice, conversationId, first.seq)).toMatchObject({ ok: true });
    await roundTrip(bob.socket);
    expect(bob.reads.events.filter((r) => r.conversationId === conversationId)).toHaveLength(1);
    expect((await viewOf(alice, conversationId)).readSeq).toBe(first.seq);
  });

  it('only moves back: a seq after the read position changes nothing', async () => {
    const conversationId = await group(bob, [alice]);
    const message = await sent(bob, conversationId, 'new');
    const before = await viewOf(alice, conversationId);
    expect(await unread(alice, conversationId, message.seq)).toEqual({ ok: true });
    expect((await viewOf(alice, conversationId)).readSeq).toBe(before.readSeq);
  });

  it('refuses unknown conversations, non-members and seqs the caller cannot read', async () => {
    const conversationId = await group(bob, [alice]);
    const message = await sent(bob, conversationId, 'hello');
    expect(await unread(alice, randomUUID(), 1)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await unread(dave, conversationId, message.seq)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await unread(alice, conversationId, message.seq + 1)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await unread(alice, conversationId, 0)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await unread(alice, conversationId, 'x')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses seqs from before an added member joined', async () => {
    const conversationId = await group(bob, [alice]);
    await sent(bob, conversationId, 'before dave');
    const added = await request<Ack<{ conversation: Conversation }>>(bob.socket, 'conversation:update', {
      conversationId,
      addMemberIds: [dave.id],
    });
    expect(added.ok).toBe(true);
    expect(await unread(dave, conversationId, 1)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const joinedAt = added.conversation.lastSeq;
    expect(await unread(dave, conversationId, joinedAt)).toEqual({ ok: true });
  });
});

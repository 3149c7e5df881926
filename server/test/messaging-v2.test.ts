import { randomUUID } from 'node:crypto';
import type { Message } from '@beacon/protocol';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../src/config/data-dir';
import { type AckResponse, EventLog, request, roundTrip, settle, type TestSocket } from './helpers/client';
import { openGroup, sendMessage } from './helpers/conversations';
import { startTestServer, type TestServer } from './helpers/test-server';

type Ack<T> = AckResponse & T;
interface Session {
  socket: TestSocket;
  id: string;
  updates: EventLog<'message:updated'>;
  messages: EventLog<'message'>;
}

let t: TestServer;
let alice: Session;
let alice2: Session;
let bob: Session;
let carol: Session;
let dave: Session;

async function session(server: TestServer, email: string): Promise<Session> {
  const { socket, user } = await server.connect(email);
  return {
    socket,
    id: user.id,
    updates: new EventLog(socket, 'message:updated'),
    messages: new EventLog(socket, 'message'),
  };
}

const group = (owner: Session, others: Session[]) => openGroup(owner, others, 'v2');

async function send(
  from: Session,
  conversationId: string,
  body: string,
  extra: Record<string, unknown> = {},
) {
  return request<Ack<{ message: Message }>>(from.socket, 'message:send', {
    conversationId,
    clientId: randomUUID(),
    body,
    ...extra,
  });
}

const sent = sendMessage;

const edit = (from: Session, messageId: string, body: string) =>
  request<Ack<{ message: Message }>>(from.socket, 'message:edit', { messageId, body });
const remove = (from: Session, messageId: string) =>
  request<Ack<{ message: Message }>>(from.socket, 'message:delete', { messageId });
const react = (from: Session, messageId: string, emoji: unknown, event = 'reaction:add') =>
  request<AckResponse>(from.socket, event, { messageId, emoji });

/** Without the system messages that announce a group's creation (Conversations v2). */
const userMessages = (messages: Message[]) => messages.filter((m) => m.kind === 'user');

function readOnlyDatabase(): Database.Database {
  return new Database(databaseFile(t.dataDir), { readonly: true });
}

beforeAll(async () => {
  t = await startTestServer();
  [alice, alice2, bob, carol, dave] = await Promise.all([
    session(t, 'alice@acme.test'),
    session(t, 'alice@acme.test'),
    session(t, 'bob@acme.test'),
    session(t, 'carol@acme.test'),
    session(t, 'dave@acme.test'),
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe('edit and delete', () => {
  it("fans message:updated out to every member's sessions after an edit and a delete by the sender", async () => {
    const conversationId = await group(alice, [bob]);
    const message = await sent(alice, conversationId, 'frist');
    const edited = await edit(alice, message.id, 'first');
    expect(edited).toMatchObject({ ok: true, message: { id: message.id, body: 'first', deletedAt: null } });
    expect(edited.message.editedAt).toEqual(expect.any(Number));
    for (const member of [alice, alice2, bob]) {
      const update = await member.updates.waitFor((u) => u.message.id === message.id);
      expect(update.message).toEqual(edited.message);
    }
    const deleted = await remove(alice, message.id);
    expect(deleted).toMatchObject({ ok: true, message: { body: '', mentions: [], attachments: [] } });
    expect(deleted.message.deletedAt).toEqual(expect.any(Number));
    for (const member of [alice, alice2, bob]) {
      await member.updates.waitFor((u) => u.message.id === message.id && u.message.deletedAt !== null);
    }
    await roundTrip(carol.socket);
    expect(carol.updates.events.some((u) => u.message.id === message.id)).toBe(false);
    const history = await request<Ack<{ messages: Message[] }>>(bob.socket, 'message:history', {
      conversationId,
    });
    expect(history.messages.at(-1)).toEqual(deleted.message);
  });

  it('refuses non-members and other members (forbidden), unknown ids (not_found)', async () => {
    const conversationId = await group(alice, [bob]);
    const message = await sent(alice, conversationId, 'only mine');
    expect(await edit(dave, message.id, 'hijack')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await edit(bob, message.id, 'hijack')).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/only its sender/) },
    });
    expect(await remove(bob, message.id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await edit(alice, 'no-such-id', 'x')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await edit(alice, message.id, '')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await edit(alice, message.id, 'x'.repeat(10_001))).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
    const history = await request<Ack<{ messages: Message[] }>>(bob.socket, 'message:history', {
      conversationId,
    });
    expect(userMessages(history.messages).map((m) => m.body)).toEqual(['only mine']);
  });

  it('answers an edit of a deleted message with invalid; deleting again returns it unchanged, telling nobody', async () => {
    const conversationId = await group(alice, [bob]);
    const message = await sent(alice, conversationId, 'going away');
    const deleted = await remove(alice, message.id);
    await bob.updates.waitFor((u) => u.message.id === message.id);
    bob.updates.clear();
    expect(await edit(alice, message.id, 'back')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await remove(alice, message.id)).toEqual({ ok: true, message: deleted.message });
    const same = await sent(alice, conversationId, 'same body');
    expect(await edit(alice, same.id, 'same body')).toMatchObject({ ok: true, message: { editedAt: null } });
    await settle();
    expect(bob.updates.events).toEqual([]);
  });

  it('keeps every version in message_versions, which refuses UPDATE and DELETE', async () => {
    const conversationId = await group(alice, [bob]);
    const message = await sent(alice, conversationId, 'v1');
    await edit(alice, message.id, 'v2');
    await edit(alice, message.id, 'v3');
    await remove(alice, message.id);
    const db = readOnlyDatabase();
    try {
      const versions = db
        .prepare(
          'SELECT version, kind, body, actor_id FROM message_versions WHERE message_id = ? ORDER BY version',
        )
        .all(message.id);
      expect(versions).toEqual([
        { version: 1, kind: 'sent', body: 'v1', actor_id: alice.id },
        { version: 2, kind: 'edited', body: 'v2', actor_id: alice.id },
        { version: 3, kind: 'edited', body: 'v3', actor_id: alice.id },
        { version: 4, kind: 'deleted', body: '', actor_id: alice.id },
      ]);
      expect(db.prepare('SELECT body FROM messages WHERE id = ?').get(message.id)).toEqual({ body: 'v1' });
    } finally {
      db.close();
    }
    const writable = new Database(databaseFile(t.dataDir));
    try {
      expect(() => writable.prepare("UPDATE message_versions SET body = 'rewritten'").run()).toThrow(
        /never changed/,
      );
      expect(() => writable.prepare('DELETE FROM message_versions').run()).toThrow(/never deleted/);
    } finally {
      writable.close();
    }
  });
});

describe('replies', () => {
  it('carries the quote of the replied message even when it is out of the loaded page', async () => {
    const conversationId = await group(alice, [bob]);
    const old = await sent(bob, conversationId, 'the old question');
    for (let i = 0; i < 5; i++) await sent(bob, conversationId, `filler ${i}`);
    const reply = await sent(alice, conversationId, 'the answer', { replyToId: old.id });
    expect(reply).toMatchObject({
      replyToId: old.id,
      replyTo: { id: old.id, seq: old.seq, senderId: bob.id, body: 'the old question', deleted: false },
    });
    const page = await request<Ack<{ messages: Message[] }>>(bob.socket, 'message:history', {
      conversationId,
      limit: 2,
    });
    expect(page.messages.map((m) => m.seq)).not.toContain(old.seq);
    expect(page.messages.at(-1)).toMatchObject({ id: reply.id, replyTo: { body: 'the old question' } });
  });

  it("gives the quote's seq, so aroundSeq shows the quoted message", async () => {
    const conversationId = await group(alice, [bob]);
    await sent(bob, conversationId, 'before');
    const old = await sent(bob, conversationId, 'the old question');
    for (let i = 0; i < 5; i++) await sent(bob, conversationId, `filler ${i}`);
    const reply = await sent(alice, conversationId, 'the answer', { replyToId: old.id });
    const seq = reply.replyTo?.seq ?? 0;
    expect(seq).toBe(old.seq);
    const around = await request<Ack<{ messages: Message[] }>>(bob.socket, 'message:history', {
      conversationId,
      aroundSeq: seq,
      limit: 2,
    });
    expect(around.messages.map((m) => m.id)).toContain(old.id);
  });

  it('refuses a reply to a message of another conversation (invalid), storing nothing', async () => {
    const here = await group(alice, [bob]);
    const there = await group(alice, [carol]);
    const elsewhere = await sent(alice, there, 'elsewhere');
    expect(await send(alice, here, 'reply', { replyToId: elsewhere.id })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^replyToId:/) },
    });
    const history = await request<Ack<{ messages: Message[] }>>(alice.socket, 'message:history', {
      conversationId: here,
    });
    expect(userMessages(history.messages)).toEqual([]);
  });
});

describe('reactions', () => {
  it('accepts one emoji (skin tones, flags), refuses text and two emoji, fans out the change', async () => {
    const conversationId = await group(alice, [bob]);
    const message = await sent(alice, conversationId, 'react');
    for (const emoji of ['ab', '👍👍', 'a', '', 42]) {
      expect(await react(bob, message.id, emoji)).toMatchObject({
        ok: false,
        error: { code: 'invalid', message: expect.stringMatching(/^emoji:/) },
      });
    }
    expect(await react(bob, message.id, '👍🏽')).toEqual({ ok: true });
    expect(await react(alice, message.id, '🇩🇪')).toEqual({ ok: true });
    expect(await react(alice, message.id, '👍🏽')).toEqual({ ok: true });
    const update = await alice2.updates.waitFor((u) => u.message.reactions['👍🏽']?.length === 2);
    expect(update.message.reactions).toEqual({ '👍🏽': [bob.id, alice.id], '🇩🇪': [alice.id] });
    expect(await react(bob, message.id, '👍🏽', 'reaction:remove')).toEqual({ ok: true });
    await bob.updates.waitFor((u) => u.message.reactions['👍🏽']?.length === 1);
    expect(await react(dave, message.id, '👍')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await react(bob, 'no-such-id', '👍')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('mentions', () => {
  it('resolves @local-part among the members, never the sender, and again on edit', async () => {
    const conversationId = await group(alice, [bob, carol]);
    const message = await sent(alice, conversationId, 'hi @Bob, @alice and @dave; mail carol@acme.test');
    expect(message.mentions).toEqual([bob.id]);
    const edited = await edit(alice, message.id, 'actually @carol');
    expect(edited.message.mentions).toEqual([carol.id]);
  });
});

describe('attachments', () => {
  const upload = (uploaderId: string) =>
    t.server.store.files.create({
      uploaderId,
      name: 'notes.txt',
      size: 5,
      mime: 'text/plain',
      sha256: 'b'.repeat(64),
      thumbnail: false,
      createdAt: Date.now(),
    });

  it("attaches the sender's own files, refuses others' and more than 10", async () => {
    const conversationId = await group(alice, [bob]);
    const mine = await upload(alice.id);
    const message = await sent(alice, conversationId, 'see file', { attachments: [mine.id] });
    expect(message.attachments).toEqual([
      { id: mine.id, name: 'notes.txt', size: 5, mime: 'text/plain', scan: 'pending', thumbnail: false },
    ]);
    const live = await bob.messages.waitFor((m) => m.message.id === message.id);
    expect(live.message.attachments).toHaveLength(1);
    const bobs = await upload(bob.id);
    expect(await send(alice, conversationId, 'not mine', { attachments: [bobs.id] })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^attachments:/) },
    });
    const many = Array.from({ length: 11 }, (_, i) => `f${i}`);
    expect(await send(alice, conversationId, 'many', { attachments: many })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await send(alice, conversationId, 'twice', { attachments: [mine.id, mine.id] })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});

describe('a v1 client', () => {
  it('sends and reads as before, ignoring the new fields', async () => {
    const conversationId = await group(alice, [bob]);
    const ack = await request<AckResponse & { message: Record<string, unknown> }>(
      alice.socket,
      'message:send',
      {
        conversationId,
        clientId: 'v1-client',
        body: 'plain',
      },
    );
    expect(ack.ok).toBe(true);
    const { id, seq, senderId, clientId, body, sentAt } = ack.message;
    expect({ senderId, clientId, body }).toEqual({
      senderId: alice.id,
      clientId: 'v1-client',
      body: 'plain',
    });
    expect(seq).toEqual(expect.any(Number));
    expect(typeof id === 'string' && typeof sentAt === 'number').toBe(true);
  });
});

describe('limits', () => {
  let limited: TestServer;
  let first: Session;
  let second: Session;
  let other: Session;

  beforeAll(async () => {
    limited = await startTestServer({
      userRateLimits: {
        messageEdit: { ratePerSecond: 0.01, burst: 3 },
        reaction: { ratePerSecond: 0.01, burst: 2 },
      },
      messageEditWindowMs: 1_000,
    });
    [first, second, other] = await Promise.all([
      session(limited, 'alice@acme.test'),
      session(limited, 'alice@acme.test'),
      session(limited, 'bob@acme.test'),
    ]);
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('limits edits and reactions per user across sessions', async () => {
    const conversationId = await group(first, [other]);
    const message = await sent(first, conversationId, 'edit me');
    expect(await edit(first, message.id, 'one')).toMatchObject({ ok: true });
    expect(await edit(second, message.id, 'two')).toMatchObject({ ok: true });
    expect(await edit(first, message.id, 'three')).toMatchObject({ ok: true });
    expect(await edit(second, message.id, 'four')).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', message: expect.stringMatching(/per user/) },
    });
    expect(await react(first, message.id, '👍')).toEqual({ ok: true });
    expect(await react(second, message.id, '👀')).toEqual({ ok: true });
    expect(await react(first, message.id, '🎉')).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    expect(await react(other, message.id, '🎉')).toEqual({ ok: true });
  });

  it('refuses edits and deletes after the edit window with forbidden', async () => {
    const conversationId = await group(other, [first]);
    const message = await sent(other, conversationId, 'quick');
    await settle(1_100);
    expect(await edit(other, message.id, 'too late')).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/within 1 second of sending/) },
    });
    expect(await remove(other, message.id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

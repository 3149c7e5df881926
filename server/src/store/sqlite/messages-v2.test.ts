import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageRuleError, NotFoundError, type Store, type UserRecord } from '../types';
import { openSqliteStore } from './index';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { makeUser } from './testing/fixtures';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();
let file: string;
let store: Store;
let alice: UserRecord;
let bob: UserRecord;
let conversationId: string;

beforeEach(async () => {
  file = join(dirs.make(), 'beacon.db');
  store = openSqliteStore(file);
  alice = await makeUser(store, 'Alice');
  bob = await makeUser(store, 'Bob');
  conversationId = await group([alice.id, bob.id]);
});
afterEach(async () => {
  await store.close();
  dirs.cleanup();
});

async function group(memberIds: string[]): Promise<string> {
  const { conversation } = await store.conversations.create({
    kind: 'group',
    title: 'Team',
    memberIds,
    createdAt: 1,
  });
  return conversation.id;
}

async function send(body: string, extra: Record<string, unknown> = {}, senderId = alice.id) {
  const { message } = await store.messages.append({
    conversationId,
    senderId,
    clientId: randomUUID(),
    body,
    sentAt: 1_000,
    ...extra,
  });
  return message;
}

function versionsOf(messageId: string) {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT version, kind, body, at, actor_id FROM message_versions WHERE message_id = ? ORDER BY version',
      )
      .all(messageId);
  } finally {
    db.close();
  }
}

const edit = (messageId: string, body: string, at = 2_000, actorId = alice.id) =>
  store.messages.edit({ messageId, actorId, body, mentions: [], at });

describe('versions', () => {
  it('keeps every version and never changes messages.body', async () => {
    const sent = await send('first');
    await edit(sent.id, 'second', 2_000);
    const deleted = await store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 3_000 });
    expect(deleted).toMatchObject({
      changed: true,
      message: { body: '', editedAt: 2_000, deletedAt: 3_000 },
    });
    expect(versionsOf(sent.id)).toEqual([
      { version: 1, kind: 'sent', body: 'first', at: 1_000, actor_id: alice.id },
      { version: 2, kind: 'edited', body: 'second', at: 2_000, actor_id: alice.id },
      { version: 3, kind: 'deleted', body: '', at: 3_000, actor_id: alice.id },
    ]);
    const db = new Database(file);
    try {
      expect(db.prepare('SELECT body, version FROM messages WHERE id = ?').get(sent.id)).toEqual({
        body: 'first',
        version: 3,
      });
      expect(() => db.prepare("UPDATE message_versions SET body = 'x'").run()).toThrow(/never changed/);
      expect(() => db.prepare('DELETE FROM message_versions').run()).toThrow(/never deleted/);
      expect(() => db.prepare("UPDATE messages SET body = 'x'").run()).toThrow(/never changed/);
    } finally {
      db.close();
    }
  });

  it('reads the newest version as the body, and an edit to the same body changes nothing', async () => {
    const sent = await send('draft');
    const edited = await edit(sent.id, 'final');
    expect(edited).toMatchObject({ changed: true, message: { body: 'final', editedAt: 2_000 } });
    expect(await edit(sent.id, 'final', 5_000)).toMatchObject({
      changed: false,
      message: { editedAt: 2_000 },
    });
    expect(versionsOf(sent.id)).toHaveLength(2);
    const page = await store.messages.history(conversationId, { limit: 10 });
    expect(page.messages.map((m) => m.body)).toEqual(['final']);
  });

  it('returns a deleted message unchanged when it is deleted again, and refuses to edit it', async () => {
    const sent = await send('oops', { mentions: [bob.id] });
    const first = await store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 2_000 });
    const again = await store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 3_000 });
    expect(again).toEqual({ changed: false, message: first.message });
    expect(first.message).toMatchObject({ body: '', mentions: [], deletedAt: 2_000 });
    await expect(edit(sent.id, 'back')).rejects.toMatchObject({ rule: 'deleted' });
    expect(versionsOf(sent.id)).toHaveLength(2);
  });

  it('lets only the sender change a message', async () => {
    const sent = await send('mine');
    await expect(edit(sent.id, 'yours', 2_000, bob.id)).rejects.toBeInstanceOf(MessageRuleError);
    await expect(
      store.messages.delete({ messageId: sent.id, actorId: bob.id, at: 2_000 }),
    ).rejects.toMatchObject({ rule: 'not_sender' });
    await expect(edit('no-such-message', 'x')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('backfills version 1 for messages stored before version 7', async () => {
    const oldFile = join(dirs.make(), 'old.db');
    const db = new Database(oldFile);
    migrate(db, MIGRATIONS.slice(0, 6));
    db.exec(`
      INSERT INTO users (id, email, name, name_key, password_hash, disabled, created_at)
        VALUES ('u1', 'u1@acme.test', 'U1', 'u1', 'h', 0, 1);
      INSERT INTO conversations (id, kind, title, direct_key, last_seq, last_activity_at, created_at)
        VALUES ('c1', 'group', 'Old', NULL, 1, 1, 1);
      INSERT INTO conversation_members (conversation_id, user_id, position) VALUES ('c1', 'u1', 0);
      INSERT INTO messages (conversation_id, seq, id, sender_id, client_id, body, sent_at)
        VALUES ('c1', 1, 'm1', 'u1', 'k1', 'from v1', 7);
    `);
    migrate(db, MIGRATIONS.slice(0, 7));
    expect(
      db.prepare('SELECT message_id, version, kind, body, at, actor_id FROM message_versions').all(),
    ).toEqual([{ message_id: 'm1', version: 1, kind: 'sent', body: 'from v1', at: 7, actor_id: 'u1' }]);
    db.close();
  });
});

describe('replies', () => {
  it('quotes the replied message (its first 200 characters), and a deleted one as deleted', async () => {
    const long = await send('x'.repeat(300));
    const reply = await send('answer', { replyToId: long.id }, bob.id);
    expect(reply).toMatchObject({
      replyToId: long.id,
      replyTo: { id: long.id, seq: long.seq, senderId: alice.id, body: 'x'.repeat(200), deleted: false },
    });
    await store.messages.delete({ messageId: long.id, actorId: alice.id, at: 2_000 });
    const [, read] = (await store.messages.history(conversationId, { limit: 10 })).messages;
    expect(read).toMatchObject({ replyToId: long.id, replyTo: { body: '', deleted: true } });
  });

  it('refuses a reply to a message of another conversation or to no message', async () => {
    const elsewhere = await group([alice.id]);
    const { message: other } = await store.messages.append({
      conversationId: elsewhere,
      senderId: alice.id,
      clientId: 'o',
      body: 'other',
      sentAt: 1,
    });
    await expect(send('re', { replyToId: other.id })).rejects.toMatchObject({ rule: 'reply_elsewhere' });
    await expect(send('re', { replyToId: 'nope' })).rejects.toMatchObject({ rule: 'reply_elsewhere' });
    expect((await store.conversations.byId(conversationId))?.lastSeq).toBe(0);
  });
});

describe('reactions', () => {
  it('adds and removes idempotently, in reaction order', async () => {
    const sent = await send('react to me');
    const react = (userId: string, emoji: string) =>
      store.messages.addReaction({ messageId: sent.id, userId, emoji, at: 2_000 });
    expect((await react(bob.id, '🎉')).changed).toBe(true);
    expect((await react(alice.id, '👍')).changed).toBe(true);
    expect((await react(alice.id, '🎉')).changed).toBe(true);
    const repeat = await react(bob.id, '🎉');
    expect(repeat).toMatchObject({
      changed: false,
      message: { reactions: { '🎉': [bob.id, alice.id], '👍': [alice.id] } },
    });
    const removed = await store.messages.removeReaction({
      messageId: sent.id,
      userId: bob.id,
      emoji: '🎉',
      at: 3,
    });
    expect(removed).toMatchObject({
      changed: true,
      message: { reactions: { '🎉': [alice.id], '👍': [alice.id] } },
    });
    expect(
      (await store.messages.removeReaction({ messageId: sent.id, userId: bob.id, emoji: '🎉', at: 4 }))
        .changed,
    ).toBe(false);
    expect(Object.keys(removed.message.reactions)).toEqual(['👍', '🎉']);
  });
});

describe('attachments', () => {
  const upload = (uploaderId: string) =>
    store.files.create({
      uploaderId,
      name: 'report.pdf',
      size: 3,
      mime: 'application/pdf',
      sha256: 'a'.repeat(64),
      thumbnail: false,
      createdAt: 1,
    });

  it('attaches files the sender uploaded, in order, and reads them back', async () => {
    const [first, second] = [await upload(alice.id), await upload(alice.id)];
    const sent = await send('see attached', { attachmentIds: [second.id, first.id] });
    const expected = [second, first].map((f) => ({
      id: f.id,
      name: 'report.pdf',
      size: 3,
      mime: 'application/pdf',
      scan: 'pending',
      thumbnail: false,
    }));
    expect(sent.attachments).toEqual(expected);
    expect((await store.messages.byId(sent.id))?.attachments).toEqual(expected);
  });

  it("refuses someone else's file and unknown ids, storing nothing", async () => {
    const bobs = await upload(bob.id);
    await expect(send('mine?', { attachmentIds: [bobs.id] })).rejects.toMatchObject({
      rule: 'attachment_refused',
    });
    await expect(send('mine?', { attachmentIds: ['nope'] })).rejects.toMatchObject({
      rule: 'attachment_refused',
    });
    expect((await store.conversations.byId(conversationId))?.lastSeq).toBe(0);
  });
});

describe('unread mentions in the conversation list', () => {
  const mentionSeqsOf = async (userId: string) =>
    (await store.conversations.listForMember(userId)).find((c) => c.id === conversationId)?.unreadMentionSeqs;

  it("lists the seqs of the viewer's unread, undeleted messages that mention them", async () => {
    const first = await send('@bob look', { mentions: [bob.id] });
    await send('no mention');
    const third = await send('@bob and this', { mentions: [bob.id] });
    await send('me again', { mentions: [bob.id] }, bob.id);
    expect(await mentionSeqsOf(bob.id)).toEqual([first.seq, third.seq]);
    expect(await mentionSeqsOf(alice.id)).toEqual([]);
    expect((await store.conversations.forMember(conversationId, bob.id))?.unreadMentionSeqs).toEqual([
      first.seq,
      third.seq,
    ]);

    await store.messages.delete({ messageId: third.id, actorId: alice.id, at: 3_000 });
    expect(await mentionSeqsOf(bob.id)).toEqual([first.seq]);
    await edit(first.id, 'nobody now');
    expect(await mentionSeqsOf(bob.id)).toEqual([]);

    const fifth = await send('@bob again', { mentions: [bob.id] });
    await store.conversations.markRead(conversationId, bob.id, fifth.seq);
    expect(await mentionSeqsOf(bob.id)).toEqual([]);
  });

  it('keeps only the newest hundred', async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 105; i += 1) seqs.push((await send(`@bob ${i}`, { mentions: [bob.id] })).seq);
    expect(await mentionSeqsOf(bob.id)).toEqual(seqs.slice(-100));
  });
});

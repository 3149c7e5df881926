import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageRuleError, NotFoundError, type UserRecord } from '../types';
import { uploadFile } from './file-fixtures';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

describe.each(await storeFactories())('messages v2 ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let alice: UserRecord;
  let bob: UserRecord;
  let conversationId: string;
  beforeEach(async () => {
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    conversationId = await group([alice.id, bob.id]);
  });

  async function group(memberIds: string[]): Promise<string> {
    const { conversation } = await ctx.store.conversations.create({
      kind: 'group',
      title: 'Team',
      memberIds,
      createdAt: 1,
    });
    return conversation.id;
  }

  async function send(body: string, extra: Record<string, unknown> = {}, senderId = alice.id) {
    const { message } = await ctx.store.messages.append({
      conversationId,
      senderId,
      clientId: randomUUID(),
      body,
      sentAt: 1_000,
      ...extra,
    });
    return message;
  }

  const versionsOf = async (messageId: string) =>
    (
      await ctx.sql(
        'SELECT version, kind, body, at, actor_id FROM message_versions WHERE message_id = ? ORDER BY version',
        messageId,
      )
    ).rows;

  const edit = (messageId: string, body: string, at = 2_000, actorId = alice.id) =>
    ctx.store.messages.edit({ messageId, actorId, body, mentions: [], at });

  describe('versions', () => {
    it('keeps every version and never changes messages.body', async () => {
      const sent = await send('first');
      await edit(sent.id, 'second', 2_000);
      const deleted = await ctx.store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 3_000 });
      expect(deleted).toMatchObject({
        changed: true,
        message: { body: '', editedAt: 2_000, deletedAt: 3_000 },
      });
      expect(await versionsOf(sent.id)).toEqual([
        { version: 1, kind: 'sent', body: 'first', at: 1_000, actor_id: alice.id },
        { version: 2, kind: 'edited', body: 'second', at: 2_000, actor_id: alice.id },
        { version: 3, kind: 'deleted', body: '', at: 3_000, actor_id: alice.id },
      ]);
      expect((await ctx.sql('SELECT body, version FROM messages WHERE id = ?', sent.id)).rows).toEqual([
        { body: 'first', version: 3 },
      ]);
      await expect(ctx.sql("UPDATE message_versions SET body = 'x'")).rejects.toThrow(/never changed/);
      await expect(ctx.sql('DELETE FROM message_versions')).rejects.toThrow(/never deleted/);
      await expect(ctx.sql("UPDATE messages SET body = 'x'")).rejects.toThrow(/never changed/);
    });

    it('reads the newest version as the body, and an edit to the same body changes nothing', async () => {
      const sent = await send('draft');
      const edited = await edit(sent.id, 'final');
      expect(edited).toMatchObject({ changed: true, message: { body: 'final', editedAt: 2_000 } });
      expect(await ctx.store.messages.byId(sent.id)).toEqual(edited.message);
      expect(await edit(sent.id, 'final', 5_000)).toMatchObject({
        changed: false,
        message: { editedAt: 2_000 },
      });
      expect(await versionsOf(sent.id)).toHaveLength(2);
      const page = await ctx.store.messages.history(conversationId, { limit: 10 });
      expect(page.messages.map((m) => m.body)).toEqual(['final']);
    });

    it('keeps the mentions of the current version', async () => {
      const sent = await send('@bob', { mentions: [bob.id, alice.id, bob.id] });
      expect(sent.mentions).toEqual([bob.id]);
      const edited = await ctx.store.messages.edit({
        messageId: sent.id,
        actorId: alice.id,
        body: 'nobody',
        mentions: [],
        at: 2_000,
      });
      expect(edited.message.mentions).toEqual([]);
      expect((await ctx.store.messages.byId(sent.id))?.mentions).toEqual([]);
    });

    it('returns a deleted message unchanged when it is deleted again, and refuses to edit it', async () => {
      const sent = await send('oops', { mentions: [bob.id] });
      const first = await ctx.store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 2_000 });
      const again = await ctx.store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 3_000 });
      expect(again).toEqual({ changed: false, message: first.message });
      expect(first.message).toMatchObject({ body: '', mentions: [], deletedAt: 2_000 });
      await expect(edit(sent.id, 'back')).rejects.toMatchObject({ rule: 'deleted' });
      expect(await versionsOf(sent.id)).toHaveLength(2);
    });

    it('lets only the sender change a message, and no one a system message', async () => {
      const sent = await send('mine');
      await expect(edit(sent.id, 'yours', 2_000, bob.id)).rejects.toBeInstanceOf(MessageRuleError);
      await expect(
        ctx.store.messages.delete({ messageId: sent.id, actorId: bob.id, at: 2_000 }),
      ).rejects.toMatchObject({ rule: 'not_sender' });
      await expect(edit('no-such-message', 'x')).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        ctx.store.messages.delete({ messageId: 'no-such-message', actorId: alice.id, at: 2_000 }),
      ).rejects.toBeInstanceOf(NotFoundError);
      const { messages } = await ctx.store.conversations.update({
        conversationId,
        actorId: alice.id,
        title: 'Renamed',
        maxMembers: 10,
        at: 1_500,
        describe: () => 'renamed',
      });
      const [note] = messages;
      if (!note) throw new Error('no system message');
      await expect(edit(note.id, 'x')).rejects.toMatchObject({ rule: 'system' });
    });
  });

  describe('replies', () => {
    it('quotes the replied message (its first 200 characters), and a deleted one as deleted', async () => {
      const long = await send(`${'x'.repeat(199)}🙂${'y'.repeat(100)}`);
      const reply = await send('answer', { replyToId: long.id }, bob.id);
      expect(reply).toMatchObject({
        replyToId: long.id,
        replyTo: {
          id: long.id,
          seq: long.seq,
          senderId: alice.id,
          body: `${'x'.repeat(199)}🙂`,
          deleted: false,
        },
      });
      expect(await ctx.store.messages.byId(reply.id)).toEqual(reply);
      await ctx.store.messages.delete({ messageId: long.id, actorId: alice.id, at: 2_000 });
      const [, read] = (await ctx.store.messages.history(conversationId, { limit: 10 })).messages;
      expect(read).toMatchObject({ replyToId: long.id, replyTo: { body: '', deleted: true } });
    });

    it('quotes the current version of an edited message', async () => {
      const original = await send('before');
      await edit(original.id, 'after');
      const reply = await send('re', { replyToId: original.id }, bob.id);
      expect(reply.replyTo).toMatchObject({ body: 'after', deleted: false });
    });

    it('refuses a reply to a message of another conversation or to no message', async () => {
      const elsewhere = await group([alice.id]);
      const { message: other } = await ctx.store.messages.append({
        conversationId: elsewhere,
        senderId: alice.id,
        clientId: 'o',
        body: 'other',
        sentAt: 1,
      });
      await expect(send('re', { replyToId: other.id })).rejects.toMatchObject({ rule: 'reply_elsewhere' });
      await expect(send('re', { replyToId: 'nope' })).rejects.toMatchObject({ rule: 'reply_elsewhere' });
      expect((await ctx.store.conversations.byId(conversationId))?.lastSeq).toBe(0);
    });
  });

  describe('reactions', () => {
    it('adds and removes idempotently, in reaction order', async () => {
      const sent = await send('react to me');
      const react = (userId: string, emoji: string) =>
        ctx.store.messages.addReaction({ messageId: sent.id, userId, emoji, at: 2_000 });
      expect((await react(bob.id, '🎉')).changed).toBe(true);
      expect((await react(alice.id, '👍')).changed).toBe(true);
      expect((await react(alice.id, '🎉')).changed).toBe(true);
      const repeat = await react(bob.id, '🎉');
      expect(repeat).toMatchObject({
        changed: false,
        message: { reactions: { '🎉': [bob.id, alice.id], '👍': [alice.id] } },
      });
      const removed = await ctx.store.messages.removeReaction({
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
        (await ctx.store.messages.removeReaction({ messageId: sent.id, userId: bob.id, emoji: '🎉', at: 4 }))
          .changed,
      ).toBe(false);
      expect(Object.keys(removed.message.reactions)).toEqual(['👍', '🎉']);
      expect(await ctx.store.messages.byId(sent.id)).toEqual(removed.message);
    });

    it('refuses reactions on a deleted or unknown message and from an unknown user', async () => {
      const sent = await send('short-lived');
      await expect(
        ctx.store.messages.addReaction({ messageId: sent.id, userId: 'ghost', emoji: '👍', at: 2 }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        ctx.store.messages.addReaction({ messageId: 'nope', userId: bob.id, emoji: '👍', at: 2 }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await ctx.store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 3 });
      await expect(
        ctx.store.messages.addReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: 4 }),
      ).rejects.toMatchObject({ rule: 'deleted' });
    });

    it('keeps every reaction when many people react at once, each once (membership is the caller’s)', async () => {
      const sent = await send('vote');
      const voters = [
        alice,
        bob,
        ...(await Promise.all([1, 2, 3, 4].map((i) => makeUser(ctx.store, `V${i}`)))),
      ];
      const results = await Promise.all(
        voters.flatMap((voter) =>
          ['👍', '👍'].map((emoji) =>
            ctx.store.messages.addReaction({ messageId: sent.id, userId: voter.id, emoji, at: 2_000 }),
          ),
        ),
      );
      expect(results.filter((r) => r.changed)).toHaveLength(voters.length);
      expect([...((await ctx.store.messages.byId(sent.id))?.reactions['👍'] ?? [])].sort()).toEqual(
        voters.map((v) => v.id).sort(),
      );
    });
  });

  describe('attachments', () => {
    it('attaches files the sender uploaded, in order, and reads them back', async () => {
      const first = await uploadFile(ctx.store, alice.id);
      const second = await uploadFile(ctx.store, alice.id, {
        name: 'notes.txt',
        mime: 'text/plain',
      });
      const sent = await send('see attached', { attachmentIds: [second.id, first.id] });
      const expected = [second, first].map((f) => ({
        id: f.id,
        name: f.name,
        size: 3,
        mime: f.mime,
        scan: 'pending',
        thumbnail: false,
      }));
      expect(sent.attachments).toEqual(expected);
      expect((await ctx.store.messages.byId(sent.id))?.attachments).toEqual(expected);
      const deleted = await ctx.store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 2_000 });
      expect(deleted.message.attachments).toEqual([]);
    });

    it("refuses someone else's file, unknown ids and an infected file, storing nothing", async () => {
      const bobs = await uploadFile(ctx.store, bob.id);
      await expect(send('mine?', { attachmentIds: [bobs.id] })).rejects.toMatchObject({
        rule: 'attachment_refused',
      });
      await expect(send('mine?', { attachmentIds: ['nope'] })).rejects.toMatchObject({
        rule: 'attachment_refused',
      });
      const infected = await uploadFile(ctx.store, alice.id, { name: 'eicar.com' });
      await ctx.sql("UPDATE files SET scan = 'infected' WHERE id = ?", infected.id);
      await expect(send('safe?', { attachmentIds: [infected.id] })).rejects.toThrow(
        '“eicar.com” is infected',
      );
      expect((await ctx.store.conversations.byId(conversationId))?.lastSeq).toBe(0);
    });
  });

  describe('unread mentions in the conversation list', () => {
    const mentionSeqsOf = async (userId: string) =>
      (await ctx.store.conversations.listForMember(userId)).find((c) => c.id === conversationId)
        ?.unreadMentionSeqs;

    it("lists the seqs of the viewer's unread, undeleted messages that mention them", async () => {
      const first = await send('@bob look', { mentions: [bob.id] });
      await send('no mention');
      const third = await send('@bob and this', { mentions: [bob.id] });
      await send('me again', { mentions: [bob.id] }, bob.id);
      expect(await mentionSeqsOf(bob.id)).toEqual([first.seq, third.seq]);
      expect(await mentionSeqsOf(alice.id)).toEqual([]);
      expect((await ctx.store.conversations.forMember(conversationId, bob.id))?.unreadMentionSeqs).toEqual([
        first.seq,
        third.seq,
      ]);

      await ctx.store.messages.delete({ messageId: third.id, actorId: alice.id, at: 3_000 });
      expect(await mentionSeqsOf(bob.id)).toEqual([first.seq]);
      await edit(first.id, 'nobody now');
      expect(await mentionSeqsOf(bob.id)).toEqual([]);

      const fifth = await send('@bob again', { mentions: [bob.id] });
      await ctx.store.conversations.markRead(conversationId, bob.id, fifth.seq);
      expect(await mentionSeqsOf(bob.id)).toEqual([]);
    });

    it('keeps only the newest hundred', async () => {
      const seqs: number[] = [];
      for (let i = 0; i < 105; i += 1) seqs.push((await send(`@bob ${i}`, { mentions: [bob.id] })).seq);
      expect(await mentionSeqsOf(bob.id)).toEqual(seqs.slice(-100));
    });
  });
});

import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

const describeChange = () => 'changed';

describe.each(await storeFactories())('retention ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  beforeEach(async () => {
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    carol = await makeUser(ctx.store, 'Carol');
  });

  async function conversation(
    kind: 'direct' | 'group',
    memberIds: string[],
    createdAt = 100,
  ): Promise<string> {
    const created = await ctx.store.conversations.create({
      kind,
      title: kind === 'group' ? 'Team' : null,
      memberIds,
      createdAt,
    });
    return created.conversation.id;
  }

  async function send(
    conversationId: string,
    body: string,
    sentAt: number,
    extra: { attachmentIds?: string[] } = {},
  ) {
    const { message } = await ctx.store.messages.append({
      conversationId,
      senderId: alice.id,
      clientId: randomUUID(),
      body,
      sentAt,
      ...extra,
    });
    return message;
  }

  /** Rows per table, read behind the store's back as an auditor would. */
  async function count(table: string, where = '1 = 1', ...params: string[]): Promise<number> {
    const { rows } = await ctx.sql(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, ...params);
    return Number(rows[0]?.n ?? 0);
  }

  describe('retention policies', () => {
    it('stores one policy per scope, the organisation first, and replaces it', async () => {
      expect(await ctx.store.retention.policies()).toEqual([]);
      await ctx.store.retention.setPolicy({
        scope: 'group',
        messagesMs: 5,
        archiveMs: null,
        updatedAt: 1,
        updatedBy: 'a',
      });
      await ctx.store.retention.setPolicy({
        scope: 'all',
        messagesMs: 10,
        archiveMs: 20,
        updatedAt: 2,
        updatedBy: 'b',
      });
      expect((await ctx.store.retention.policies()).map((policy) => policy.scope)).toEqual(['all', 'group']);
      await ctx.store.retention.setPolicy({
        scope: 'all',
        messagesMs: null,
        archiveMs: 0,
        updatedAt: 3,
        updatedBy: 'c',
      });
      expect(await ctx.store.retention.policy('all')).toEqual({
        scope: 'all',
        messagesMs: null,
        archiveMs: 0,
        updatedAt: 3,
        updatedBy: 'c',
      });
      expect(await ctx.store.retention.policy('direct')).toBeNull();
    });
  });

  describe('legal holds', () => {
    it('adds, lists (active or all) and releases a hold once', async () => {
      const hold = await ctx.store.retention.addHold({
        kind: 'user',
        targetId: bob.id,
        caseName: 'Case 2026-14',
        reason: 'litigation',
        createdAt: 10,
        createdBy: 'cli:admin',
      });
      expect(await ctx.store.retention.holds()).toEqual([hold]);
      const released = await ctx.store.retention.releaseHold(hold.id, 20, 'cli:other');
      expect(released).toMatchObject({ id: hold.id, releasedAt: 20, releasedBy: 'cli:other' });
      expect(await ctx.store.retention.holds()).toEqual([]);
      expect(await ctx.store.retention.holds({ includeReleased: true })).toEqual([released]);
      expect(await ctx.store.retention.releaseHold(hold.id, 30, 'cli:again')).toBeNull();
      expect(await ctx.store.retention.releaseHold('no-such-hold', 30, 'cli:again')).toBeNull();
    });

    it('a user hold covers every conversation the user is or was a member of, and no other', async () => {
      const both = await conversation('group', [alice.id, bob.id]);
      const left = await conversation('group', [bob.id, carol.id]);
      const others = await conversation('direct', [alice.id, carol.id]);
      await ctx.store.conversations.update({
        conversationId: left,
        actorId: carol.id,
        removeMemberIds: [bob.id],
        maxMembers: 100,
        at: 200,
        describe: describeChange,
      });
      expect(await ctx.store.conversations.isMember(left, bob.id)).toBe(false);

      const hold = await ctx.store.retention.addHold({
        kind: 'user',
        targetId: bob.id,
        caseName: 'Case',
        reason: 'r',
        createdAt: 1,
        createdBy: 'a',
      });
      expect(await ctx.store.retention.heldConversationIds()).toEqual(new Set([both, left]));
      expect(await ctx.store.retention.isHeld(left)).toBe(true);
      expect(await ctx.store.retention.isHeld(others)).toBe(false);

      await ctx.store.retention.addHold({
        kind: 'conversation',
        targetId: others,
        caseName: 'Case',
        reason: 'r',
        createdAt: 1,
        createdBy: 'a',
      });
      expect(await ctx.store.retention.heldConversationIds()).toEqual(new Set([both, left, others]));
      await ctx.store.retention.releaseHold(hold.id, 2, 'a');
      expect(await ctx.store.retention.heldConversationIds()).toEqual(new Set([others]));
    });
  });

  describe('purging messages', () => {
    it('removes old messages with their versions, reactions, attachments and search entries, and nothing else', async () => {
      const id = await conversation('group', [alice.id, bob.id]);
      const upload = await ctx.store.files.create({
        uploaderId: alice.id,
        name: 'plan.txt',
        size: 4,
        mime: 'text/plain',
        sha256: 'a'.repeat(64),
        thumbnail: false,
        createdAt: 900,
      });
      const old = await send(id, 'ancient walrus', 1_000, { attachmentIds: [upload.id] });
      await ctx.store.messages.edit({
        messageId: old.id,
        actorId: alice.id,
        body: 'ancient walrus, edited',
        mentions: [],
        at: 1_100,
      });
      await ctx.store.messages.addReaction({ messageId: old.id, userId: bob.id, emoji: '👍', at: 1_200 });
      const recent = await send(id, 'recent walrus', 5_000);
      const archived = await count('archive_entries', 'chain = ?', id);
      expect((await ctx.store.search.search(bob.id, { query: 'walrus', limit: 10 })).hits).toHaveLength(2);

      expect(await ctx.store.retention.countMessagesBefore([id], 3_000)).toEqual(new Map([[id, 1]]));
      expect(await ctx.store.retention.purgeMessages(id, 3_000)).toEqual({ messages: 1, purged: true });

      const history = await ctx.store.messages.history(id, { limit: 10 });
      expect(history.messages.map((message) => message.id)).toEqual([recent.id]);
      expect(await ctx.store.messages.byId(old.id)).toBeNull();
      const hits = (await ctx.store.search.search(bob.id, { query: 'walrus', limit: 10 })).hits;
      expect(hits.map((hit) => hit.message.id)).toEqual([recent.id]);
      const searchTables =
        factory.name === 'sqlite' ? ['message_search_docs', 'message_fts'] : ['message_search'];
      for (const table of ['message_versions', 'message_reactions', 'message_attachments', ...searchTables]) {
        expect(await count(table, 'message_id = ?', old.id)).toBe(0);
      }
      // The record stays, and so do the file and its blob's address; seqs are never reused.
      expect(await count('archive_entries', 'chain = ?', id)).toBe(archived);
      expect(await ctx.store.files.byId(upload.id)).not.toBeNull();
      expect((await ctx.store.conversations.byId(id))?.lastSeq).toBe(recent.seq);
      expect((await send(id, 'next', 6_000)).seq).toBe(recent.seq + 1);
    });

    it('works through many messages in batches, system messages included', async () => {
      const { conversation: group } = await ctx.store.conversations.create({
        kind: 'group',
        title: 'Team',
        memberIds: [alice.id, bob.id],
        createdAt: 100,
        creatorId: alice.id,
        describe: () => 'Alice created the group',
      });
      for (let i = 0; i < 5; i += 1) await send(group.id, `message ${i}`, 1_000 + i);
      expect(await count('messages', "conversation_id = ? AND kind = 'system'", group.id)).toBe(1);
      expect(await ctx.store.retention.purgeMessages(group.id, 2_000, 2)).toEqual({
        messages: 6,
        purged: true,
      });
      expect(await count('messages', 'conversation_id = ?', group.id)).toBe(0);
    });

    it('removes nothing of a held conversation', async () => {
      const id = await conversation('direct', [alice.id, bob.id]);
      await send(id, 'keep me', 1_000);
      await ctx.store.retention.addHold({
        kind: 'user',
        targetId: bob.id,
        caseName: 'Case',
        reason: 'r',
        createdAt: 1,
        createdBy: 'a',
      });
      expect(await ctx.store.retention.purgeMessages(id, 3_000)).toEqual({ messages: 0, purged: false });
      expect(await count('messages', 'conversation_id = ?', id)).toBe(1);
    });

    it('refuses any other delete of messages or their versions', async () => {
      const id = await conversation('direct', [alice.id, bob.id]);
      const message = await send(id, 'hello', 1_000);
      await expect(ctx.sql('DELETE FROM message_versions WHERE message_id = ?', message.id)).rejects.toThrow(
        /retention purge/,
      );
      await expect(ctx.sql('DELETE FROM messages WHERE id = ?', message.id)).rejects.toThrow(
        /retention purge/,
      );
      expect(await count('messages', 'id = ?', message.id)).toBe(1);
    });
  });

  describe('archive prefixes', () => {
    it('is the longest prefix written before the cutoff, and never one of purge entries alone', async () => {
      const id = await conversation('direct', [alice.id, bob.id], 100);
      await send(id, 'one', 1_000);
      await send(id, 'two', 2_000);
      await send(id, 'three', 3_000);
      const untouched = await conversation('direct', [alice.id, carol.id], 5_000);

      expect(await ctx.store.retention.archivePrefixes([id, untouched], 2_500)).toEqual([
        { chain: id, throughSeq: 3, entries: 3 },
      ]);
      await ctx.store.archive.purgePrefix(id, 3, 2_500, 4_000);
      expect(await ctx.store.retention.archivePrefixes([id], 2_500)).toEqual([]);
      // Later, entry 4 (three) and the purge entry (5) are both older than the cutoff.
      expect(await ctx.store.retention.archivePrefixes([id], 10_000)).toEqual([
        { chain: id, throughSeq: 5, entries: 2 },
      ]);
    });
  });
});

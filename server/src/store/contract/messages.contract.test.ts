import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, type UserRecord } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

const seqs = (page: { messages: Array<{ seq: number }> }) => page.messages.map((m) => m.seq);
const oneTo = (count: number, from = 1) => Array.from({ length: count }, (_, i) => i + from);

describe.each(await storeFactories())('messages ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let alice: UserRecord;
  let bob: UserRecord;
  let conversationId: string;
  beforeEach(async () => {
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    const { conversation } = await ctx.store.conversations.create({
      kind: 'group',
      title: 'Team',
      memberIds: [alice.id, bob.id],
      createdAt: 1,
    });
    conversationId = conversation.id;
  });

  const message = (clientId: string, senderId = alice.id, body = `body of ${clientId}`) => ({
    conversationId,
    senderId,
    clientId,
    body,
    sentAt: 1_000,
  });

  async function fill(count: number): Promise<void> {
    for (let i = 1; i <= count; i++) await ctx.store.messages.append(message(`fill-${i}`));
  }

  describe('append', () => {
    it('stores a message with the next seq and advances lastSeq', async () => {
      const first = await ctx.store.messages.append(message('c1'));
      expect(first).toEqual({
        created: true,
        memberIds: [alice.id, bob.id],
        message: {
          id: expect.any(String),
          conversationId,
          seq: 1,
          senderId: alice.id,
          clientId: 'c1',
          body: 'body of c1',
          sentAt: 1_000,
          kind: 'user',
          editedAt: null,
          deletedAt: null,
          replyToId: null,
          replyTo: null,
          mentions: [],
          reactions: {},
          attachments: [],
          system: null,
        },
      });
      expect(await ctx.store.messages.byId(first.message.id)).toEqual(first.message);
      const second = await ctx.store.messages.append(message('c2', bob.id));
      expect(second.message.seq).toBe(2);
      expect(second.message.id).not.toBe(first.message.id);
      expect((await ctx.store.conversations.byId(conversationId))?.lastSeq).toBe(2);
      expect(await ctx.store.messages.byId('missing')).toBeNull();
    });

    it('is idempotent by (conversation, sender, clientId): a retry returns the stored message', async () => {
      const first = await ctx.store.messages.append(message('same'));
      const retry = await ctx.store.messages.append(message('same', alice.id, 'a different body'));
      expect(retry).toEqual({ message: first.message, created: false, memberIds: [alice.id, bob.id] });
      expect((await ctx.store.conversations.byId(conversationId))?.lastSeq).toBe(1);

      // Another sender may use the same clientId.
      const fromBob = await ctx.store.messages.append(message('same', bob.id));
      expect(fromBob).toMatchObject({ created: true, message: { seq: 2, senderId: bob.id } });
    });

    it('gives concurrent retries one stored message', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => ctx.store.messages.append(message('retry'))),
      );
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });

    it('keeps seq gapless and strictly increasing under many interleaved appends', async () => {
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          ctx.store.messages.append(message(`p${i}`, i % 2 ? alice.id : bob.id)),
        ),
      );
      const assigned = results.map((r) => r.message.seq).sort((a, b) => a - b);
      expect(assigned).toEqual(oneTo(300));
      const page = await ctx.store.messages.history(conversationId, { limit: 200, afterSeq: 100 });
      expect(seqs(page)).toEqual(oneTo(200, 101));
    });

    it('keeps seq gapless with a second store instance on the same data (another node)', async () => {
      const second = await ctx.openAnother();
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 ? second : ctx.store).messages.append(message(`two-${i}`, i % 3 ? alice.id : bob.id)),
        ),
      );
      expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(oneTo(200));
      expect((await second.conversations.byId(conversationId))?.lastSeq).toBe(200);
    });

    it('refuses an unknown conversation or sender and stores nothing', async () => {
      await expect(
        ctx.store.messages.append({ ...message('x'), conversationId: 'missing' }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(ctx.store.messages.append(message('y', 'ghost'))).rejects.toBeInstanceOf(NotFoundError);
      expect((await ctx.store.conversations.byId(conversationId))?.lastSeq).toBe(0);
      expect((await ctx.store.messages.history(conversationId, { limit: 10 })).messages).toEqual([]);
    });

    it('stores large and unusual bodies verbatim', async () => {
      // U+0000 is refused by the protocol before any store (docs/protocol-notes.md, "PostgreSQL store (P13)").
      const body = `${'x'.repeat(9_990)}\u0001🙂\n'";--\\ $1 ?`;
      const { message: stored } = await ctx.store.messages.append(message('big', alice.id, body));
      const page = await ctx.store.messages.history(conversationId, { limit: 1 });
      expect(page.messages[0]).toEqual(stored);
      expect(page.messages[0]?.body).toBe(body);
    });
  });

  describe('history', () => {
    it('is empty for a conversation without messages', async () => {
      expect(await ctx.store.messages.history(conversationId, { limit: 50 })).toEqual({
        messages: [],
        more: false,
      });
      expect(await ctx.store.messages.history('missing', { limit: 50, afterSeq: 0 })).toEqual({
        messages: [],
        more: false,
      });
    });

    it('returns the newest page without a cursor, ascending, with more when older exist', async () => {
      await fill(10);
      const newest = await ctx.store.messages.history(conversationId, { limit: 4 });
      expect(seqs(newest)).toEqual([7, 8, 9, 10]);
      expect(newest.more).toBe(true);
      const all = await ctx.store.messages.history(conversationId, { limit: 10 });
      expect(seqs(all)).toEqual(oneTo(10));
      expect(all.more).toBe(false);
    });

    it('pages backwards with beforeSeq until the start', async () => {
      await fill(10);
      const pages: number[][] = [];
      let beforeSeq: number | undefined;
      for (;;) {
        const page = await ctx.store.messages.history(conversationId, { limit: 4, beforeSeq });
        pages.push(seqs(page));
        if (!page.more) break;
        beforeSeq = page.messages[0]?.seq;
      }
      expect(pages).toEqual([
        [7, 8, 9, 10],
        [3, 4, 5, 6],
        [1, 2],
      ]);
      const exact = await ctx.store.messages.history(conversationId, { limit: 2, beforeSeq: 3 });
      expect(exact).toMatchObject({ more: false });
      expect(seqs(exact)).toEqual([1, 2]);
    });

    it('pages forwards with afterSeq to catch up', async () => {
      await fill(10);
      const pages: number[][] = [];
      let afterSeq = 0;
      for (;;) {
        const page = await ctx.store.messages.history(conversationId, { limit: 4, afterSeq });
        pages.push(seqs(page));
        if (!page.more) break;
        afterSeq = page.messages.at(-1)?.seq ?? afterSeq;
      }
      expect(pages).toEqual([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
        [9, 10],
      ]);
      expect(await ctx.store.messages.history(conversationId, { limit: 4, afterSeq: 10 })).toEqual({
        messages: [],
        more: false,
      });
      const exact = await ctx.store.messages.history(conversationId, { limit: 2, afterSeq: 8 });
      expect(exact.more).toBe(false);
    });

    it('returns the first page strictly between both cursors', async () => {
      await fill(10);
      const page = await ctx.store.messages.history(conversationId, { limit: 3, afterSeq: 2, beforeSeq: 9 });
      expect(seqs(page)).toEqual([3, 4, 5]);
      expect(page.more).toBe(true);
      const rest = await ctx.store.messages.history(conversationId, { limit: 10, afterSeq: 5, beforeSeq: 9 });
      expect(seqs(rest)).toEqual([6, 7, 8]);
      expect(rest.more).toBe(false);
      expect(
        seqs(await ctx.store.messages.history(conversationId, { limit: 10, afterSeq: 4, beforeSeq: 5 })),
      ).toEqual([]);
    });

    it('refuses a non-positive limit', async () => {
      await expect(ctx.store.messages.history(conversationId, { limit: 0 })).rejects.toBeInstanceOf(
        RangeError,
      );
    });

    it('never loses messages: deleting from the log behind the store is refused', async () => {
      await fill(2);
      await expect(ctx.sql('DELETE FROM messages')).rejects.toThrow(/never deleted/);
      expect(seqs(await ctx.store.messages.history(conversationId, { limit: 10 }))).toEqual([1, 2]);
    });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, type UserRecord } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

describe.each(await storeFactories())('conversations ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  beforeEach(async () => {
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    carol = await makeUser(ctx.store, 'Carol');
  });

  const direct = (a: string, b: string, createdAt = 100) =>
    ctx.store.conversations.create({ kind: 'direct', title: null, memberIds: [a, b], createdAt });
  const group = (memberIds: string[], title: string | null = 'Team', createdAt = 100) =>
    ctx.store.conversations.create({ kind: 'group', title, memberIds, createdAt });
  let clientCounter = 0;
  const send = (conversationId: string, senderId: string, sentAt: number, body = 'hi') => {
    clientCounter += 1;
    return ctx.store.messages.append({
      conversationId,
      senderId,
      clientId: `c${clientCounter}`,
      body,
      sentAt,
    });
  };

  it('creates a group with its members in the given order', async () => {
    const { conversation, created } = await group([carol.id, alice.id, bob.id, alice.id], 'Launch');
    expect(created).toBe(true);
    expect(conversation).toEqual({
      id: expect.any(String),
      kind: 'group',
      title: 'Launch',
      memberIds: [carol.id, alice.id, bob.id],
      lastSeq: 0,
      createdAt: 100,
    });
    expect(await ctx.store.conversations.byId(conversation.id)).toEqual(conversation);
    expect(await ctx.store.conversations.byId('missing')).toBeNull();
  });

  it('keeps one direct conversation per pair, whichever way it is opened', async () => {
    const first = await direct(alice.id, bob.id);
    const again = await direct(bob.id, alice.id, 999);
    expect(first.created).toBe(true);
    expect(again).toEqual({ conversation: first.conversation, created: false });
    const other = await direct(alice.id, carol.id);
    expect(other.conversation.id).not.toBe(first.conversation.id);
    expect(first.conversation.title).toBeNull();
  });

  it('gives concurrent opens of the same pair one conversation', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? direct(alice.id, bob.id) : direct(bob.id, alice.id))),
    );
    expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('gives opens of the same pair on two nodes at once one conversation', async () => {
    const nodes = [ctx.store, await ctx.openAnother()];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        nodes[i % 2]?.conversations.create({
          kind: 'direct',
          title: null,
          memberIds: i % 3 ? [alice.id, bob.id] : [bob.id, alice.id],
          createdAt: 100,
        }),
      ),
    );
    expect(new Set(results.map((r) => r?.conversation.id)).size).toBe(1);
    expect(results.filter((r) => r?.created)).toHaveLength(1);
    expect(await ctx.store.conversations.listForMember(alice.id)).toHaveLength(1);
  });

  it('allows many groups with the same members', async () => {
    const a = await group([alice.id, bob.id]);
    const b = await group([alice.id, bob.id]);
    expect(a.conversation.id).not.toBe(b.conversation.id);
  });

  it('refuses unknown members and malformed direct conversations, storing nothing', async () => {
    await expect(group([alice.id, 'ghost'])).rejects.toBeInstanceOf(NotFoundError);
    await expect(direct(alice.id, 'ghost')).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      ctx.store.conversations.create({
        kind: 'direct',
        title: null,
        memberIds: [alice.id, bob.id, carol.id],
        createdAt: 1,
      }),
    ).rejects.toBeInstanceOf(RangeError);
    await expect(group([])).rejects.toBeInstanceOf(RangeError);
    expect(await ctx.store.conversations.listForMember(alice.id)).toEqual([]);
    expect((await ctx.sql('SELECT count(*) AS n FROM conversations')).rows).toEqual([{ n: 0 }]);
  });

  it('tells members from non-members', async () => {
    const { conversation } = await group([alice.id, bob.id]);
    expect(await ctx.store.conversations.isMember(conversation.id, alice.id)).toBe(true);
    expect(await ctx.store.conversations.isMember(conversation.id, carol.id)).toBe(false);
    expect(await ctx.store.conversations.isMember('missing', alice.id)).toBe(false);
  });

  describe('as a member sees them', () => {
    it('lists the most recently active first, with readSeq, unread and lastMessage', async () => {
      const ab = (await direct(alice.id, bob.id, 100)).conversation;
      const team = (await group([alice.id, bob.id, carol.id], 'Team', 200)).conversation;
      const quiet = (await group([alice.id, carol.id], null, 150)).conversation;

      await send(ab.id, bob.id, 300, 'hello alice');
      await send(ab.id, alice.id, 310, 'hi bob');
      await send(ab.id, bob.id, 320, 'lunch?');
      await send(team.id, carol.id, 250, 'standup');

      const list = await ctx.store.conversations.listForMember(alice.id);
      expect(list.map((c) => c.id)).toEqual([ab.id, team.id, quiet.id]);
      const [first, second, third] = list;
      expect(first).toMatchObject({ kind: 'direct', lastSeq: 3, readSeq: 0, unread: 2 });
      expect(first?.memberIds).toEqual([alice.id, bob.id]);
      expect(first?.lastMessage).toMatchObject({ seq: 3, body: 'lunch?', senderId: bob.id, sentAt: 320 });
      expect(first?.lastMessage).toEqual(await ctx.store.messages.byId(first?.lastMessage?.id ?? ''));
      expect(second).toMatchObject({ title: 'Team', lastSeq: 1, unread: 1 });
      expect(second?.memberIds).toEqual([alice.id, bob.id, carol.id]);
      expect(third).toMatchObject({ title: null, lastSeq: 0, unread: 0, lastMessage: null });
      expect(third).not.toHaveProperty('left');

      expect((await ctx.store.conversations.listForMember(bob.id)).map((c) => [c.id, c.unread])).toEqual([
        [ab.id, 1],
        [team.id, 1],
      ]);
      expect(await ctx.store.conversations.listForMember('nobody')).toEqual([]);
    });

    it('orders conversations active at the same moment by creation, then by id', async () => {
      const older = (await group([alice.id], 'Older', 100)).conversation;
      const newer = (await group([alice.id], 'Newer', 100)).conversation;
      const both = [older.id, newer.id].sort();
      const list = await ctx.store.conversations.listForMember(alice.id);
      expect(list.map((c) => c.id)).toEqual(both);
    });

    it('returns one conversation for a member, null for a non-member', async () => {
      const team = (await group([alice.id, bob.id])).conversation;
      await send(team.id, bob.id, 200, 'one');
      await send(team.id, bob.id, 201, 'two');
      await ctx.store.conversations.markRead(team.id, alice.id, 1);
      expect(await ctx.store.conversations.forMember(team.id, alice.id)).toMatchObject({
        id: team.id,
        memberIds: [alice.id, bob.id],
        lastSeq: 2,
        readSeq: 1,
        unread: 1,
        unreadMentionSeqs: [],
        lastMessage: { seq: 2, body: 'two' },
      });
      expect(await ctx.store.conversations.forMember(team.id, carol.id)).toBeNull();
      expect(await ctx.store.conversations.forMember('missing', alice.id)).toBeNull();
      expect(await ctx.store.conversations.forViewer(team.id, carol.id)).toBeNull();
    });
  });

  describe('read positions', () => {
    it('raises, never lowers, and clamps to lastSeq', async () => {
      const team = (await group([alice.id, bob.id])).conversation;
      for (let i = 0; i < 5; i++) await send(team.id, bob.id, 200 + i);
      expect(await ctx.store.conversations.markRead(team.id, alice.id, 3)).toBe(3);
      expect(await ctx.store.conversations.markRead(team.id, alice.id, 2)).toBe(3);
      expect(await ctx.store.conversations.markRead(team.id, alice.id, 99)).toBe(5);
      expect(await ctx.store.conversations.markRead(team.id, alice.id, -4)).toBe(5);
      expect((await ctx.store.conversations.forMember(team.id, alice.id))?.unread).toBe(0);
      expect(await ctx.store.conversations.readSeqs(team.id)).toEqual({ [alice.id]: 5, [bob.id]: 0 });
    });

    it('refuses a non-member', async () => {
      const team = (await group([alice.id, bob.id])).conversation;
      await expect(ctx.store.conversations.markRead(team.id, carol.id, 1)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await ctx.store.conversations.readSeqs(team.id)).toEqual({ [alice.id]: 0, [bob.id]: 0 });
    });

    it('counts only messages of others as unread', async () => {
      const ab = (await direct(alice.id, bob.id)).conversation;
      await send(ab.id, alice.id, 200);
      await send(ab.id, alice.id, 201);
      expect((await ctx.store.conversations.forMember(ab.id, alice.id))?.unread).toBe(0);
      expect((await ctx.store.conversations.forMember(ab.id, bob.id))?.unread).toBe(2);
    });

    it('lowers on "mark as unread", while the others keep seeing the highest position', async () => {
      const team = (await group([alice.id, bob.id])).conversation;
      for (let i = 0; i < 4; i++) await send(team.id, bob.id, 200 + i);
      await ctx.store.conversations.markRead(team.id, alice.id, 4);
      expect(await ctx.store.conversations.lowerReadSeq(team.id, alice.id, 2)).toBe(true);
      expect(await ctx.store.conversations.lowerReadSeq(team.id, alice.id, 3)).toBe(false);
      expect(await ctx.store.conversations.lowerReadSeq(team.id, carol.id, 0)).toBe(false);
      expect(await ctx.store.conversations.forMember(team.id, alice.id)).toMatchObject({
        readSeq: 2,
        unread: 2,
      });
      expect(await ctx.store.conversations.readSeqs(team.id)).toEqual({ [alice.id]: 4, [bob.id]: 0 });
    });
  });
});

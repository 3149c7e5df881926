import { beforeEach, describe, expect, it } from 'vitest';
import { ConversationChangeError, type DescribeSystemEvent, NotFoundError, type UserRecord } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

const describe_: DescribeSystemEvent = (event) => `${event.action} ${event.userIds.length}`;

describe.each(await storeFactories())('conversation changes ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  let dave: UserRecord;
  beforeEach(async () => {
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    carol = await makeUser(ctx.store, 'Carol');
    dave = await makeUser(ctx.store, 'Dave');
  });

  async function group(memberIds: string[], creatorId = memberIds[0]) {
    const { conversation } = await ctx.store.conversations.create({
      kind: 'group',
      title: 'Team',
      memberIds,
      createdAt: 100,
      ...(creatorId ? { creatorId } : {}),
      describe: describe_,
    });
    return conversation;
  }

  const update = (
    conversationId: string,
    actorId: string,
    change: { title?: string | null; addMemberIds?: string[]; removeMemberIds?: string[] },
  ) =>
    ctx.store.conversations.update({
      conversationId,
      actorId,
      ...change,
      maxMembers: 10,
      at: 200,
      describe: describe_,
    });

  let clientCounter = 0;
  const send = (conversationId: string, senderId: string) => {
    clientCounter += 1;
    return ctx.store.messages.append({
      conversationId,
      senderId,
      clientId: `c${clientCounter}`,
      body: 'hi',
      sentAt: 300,
    });
  };

  describe('group changes', () => {
    it('writes a created system message as seq 1 and opens every period at 1', async () => {
      const team = await group([alice.id, bob.id]);
      expect(team.lastSeq).toBe(1);
      const { messages } = await ctx.store.messages.history(team.id, { limit: 10 });
      expect(messages.map((m) => m.body)).toEqual(['created 1']);
      expect(messages[0]?.senderId).toBe(alice.id);
      expect(await ctx.store.conversations.periods(team.id, bob.id)).toEqual([{ fromSeq: 1, toSeq: null }]);
    });

    it('renames, adds and removes in one change with one system message each, and the periods', async () => {
      const team = await group([alice.id, bob.id, carol.id]);
      const result = await update(team.id, alice.id, {
        title: '  Launch  ',
        addMemberIds: [dave.id, bob.id],
        removeMemberIds: [carol.id, dave.id],
      });
      expect(result.messages.map((m) => [m.seq, m.body])).toEqual([
        [2, 'renamed 0'],
        [3, 'added 1'],
        [4, 'removed 1'],
      ]);
      expect(result.addedIds).toEqual([dave.id]);
      expect(result.removedIds).toEqual([carol.id]);
      expect(result.conversation).toMatchObject({
        title: 'Launch',
        memberIds: [alice.id, bob.id, dave.id],
        lastSeq: 4,
      });
      expect(await ctx.store.conversations.periods(team.id, dave.id)).toEqual([{ fromSeq: 3, toSeq: null }]);
      expect(await ctx.store.conversations.periods(team.id, carol.id)).toEqual([{ fromSeq: 1, toSeq: 4 }]);
      expect(await ctx.store.conversations.isMember(team.id, carol.id)).toBe(false);
      // The added member reads from their announcement on; system notes are never unread.
      expect(await ctx.store.conversations.forMember(team.id, dave.id)).toMatchObject({
        readSeq: 2,
        unread: 0,
      });
    });

    it('changes nothing for a same title, an existing member added or a non-member removed', async () => {
      const team = await group([alice.id, bob.id]);
      const result = await update(team.id, alice.id, {
        title: 'Team',
        addMemberIds: [bob.id],
        removeMemberIds: [carol.id],
      });
      expect(result.messages).toEqual([]);
      expect(result.conversation.lastSeq).toBe(1);
    });

    it('refuses non-members, direct conversations and too many members, writing nothing', async () => {
      const team = await group([alice.id, bob.id]);
      await expect(update(team.id, carol.id, { title: 'Mine' })).rejects.toMatchObject({
        reason: 'not_member',
      });
      const { conversation: pair } = await ctx.store.conversations.create({
        kind: 'direct',
        title: null,
        memberIds: [alice.id, bob.id],
        createdAt: 100,
      });
      await expect(update(pair.id, alice.id, { addMemberIds: [carol.id] })).rejects.toBeInstanceOf(
        ConversationChangeError,
      );
      await expect(update('nope', alice.id, { title: 'x' })).rejects.toMatchObject({ reason: 'not_found' });
      await expect(
        ctx.store.conversations.update({
          conversationId: team.id,
          actorId: alice.id,
          addMemberIds: [carol.id, dave.id],
          maxMembers: 3,
          at: 1,
          describe: describe_,
        }),
      ).rejects.toMatchObject({ reason: 'too_many_members' });
      expect((await ctx.store.conversations.byId(team.id))?.lastSeq).toBe(1);
    });

    it('refuses to add a user that does not exist, writing nothing', async () => {
      const team = await group([alice.id, bob.id]);
      await expect(
        update(team.id, alice.id, { title: 'New', addMemberIds: ['ghost'] }),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await ctx.store.conversations.byId(team.id)).toMatchObject({ title: 'Team', lastSeq: 1 });
      expect((await ctx.store.messages.history(team.id, { limit: 10 })).messages).toHaveLength(1);
    });

    it('keeps a conversation the user left in their list, read-only, until they hide it', async () => {
      const team = await group([alice.id, bob.id]);
      await send(team.id, alice.id);
      const left = await ctx.store.conversations.leave({
        conversationId: team.id,
        userId: bob.id,
        at: 400,
        describe: describe_,
      });
      expect(left.messages.map((m) => [m.seq, m.body])).toEqual([[3, 'left 1']]);
      await send(team.id, alice.id);

      const [view] = await ctx.store.conversations.listForMember(bob.id);
      expect(view).toMatchObject({
        id: team.id,
        left: true,
        lastSeq: 3,
        readSeq: 3,
        unread: 0,
        memberIds: [alice.id],
      });
      expect(view?.lastMessage?.seq).toBe(3);
      expect(await ctx.store.conversations.forMember(team.id, bob.id)).toBeNull();
      expect(await ctx.store.conversations.forViewer(team.id, bob.id)).toMatchObject({ left: true });

      expect(await ctx.store.conversations.hide(team.id, bob.id)).toBe(true);
      expect(await ctx.store.conversations.listForMember(bob.id)).toEqual([]);
      expect(await ctx.store.conversations.hide(team.id, alice.id)).toBe(false);
    });

    it('lets the last member leave: the group stays, with no members', async () => {
      const team = await group([alice.id]);
      const result = await ctx.store.conversations.leave({
        conversationId: team.id,
        userId: alice.id,
        at: 1,
        describe: describe_,
      });
      expect(result.conversation.memberIds).toEqual([]);
    });

    it('gives a member added back a new period after the gap', async () => {
      const team = await group([alice.id, bob.id]);
      await update(team.id, alice.id, { removeMemberIds: [bob.id] });
      await send(team.id, alice.id);
      await update(team.id, alice.id, { addMemberIds: [bob.id] });
      expect(await ctx.store.conversations.periods(team.id, bob.id)).toEqual([
        { fromSeq: 1, toSeq: 2 },
        { fromSeq: 4, toSeq: null },
      ]);
      const list = await ctx.store.conversations.listForMember(bob.id);
      expect(list).toHaveLength(1);
      expect(list[0]?.left).toBeUndefined();
    });
  });

  describe('empty direct conversations', () => {
    const open = (a: string, b: string) =>
      ctx.store.conversations.create({
        kind: 'direct',
        title: null,
        memberIds: [a, b],
        createdAt: 100,
        creatorId: a,
      });

    it('show only in the opener’s list until they have a message', async () => {
      const { conversation } = await open(alice.id, bob.id);
      expect((await ctx.store.conversations.listForMember(alice.id)).map((c) => c.id)).toEqual([
        conversation.id,
      ]);
      expect(await ctx.store.conversations.listForMember(bob.id)).toEqual([]);
      await send(conversation.id, alice.id);
      expect((await ctx.store.conversations.listForMember(bob.id)).map((c) => c.id)).toEqual([
        conversation.id,
      ]);
    });

    it('show for the other member once they open it too', async () => {
      const { conversation } = await open(alice.id, bob.id);
      await open(bob.id, alice.id);
      expect((await ctx.store.conversations.listForMember(bob.id)).map((c) => c.id)).toEqual([
        conversation.id,
      ]);
    });
  });
});

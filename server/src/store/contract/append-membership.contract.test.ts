import { beforeEach, describe, expect, it } from 'vitest';
import { type DescribeSystemEvent, NotMemberError, type UserRecord } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

const describeEvent: DescribeSystemEvent = (event) => `${event.action} ${event.userIds.join(' ')}`;

describe.each(await storeFactories())('append checks the sender’s membership ($name)', (factory) => {
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

  async function group(memberIds: string[]) {
    const { conversation } = await ctx.store.conversations.create({
      kind: 'group',
      title: 'Team',
      memberIds,
      createdAt: 100,
      creatorId: alice.id,
      describe: describeEvent,
    });
    return conversation;
  }

  const update = (conversationId: string, change: { addMemberIds?: string[]; removeMemberIds?: string[] }) =>
    ctx.store.conversations.update({
      conversationId,
      actorId: alice.id,
      ...change,
      maxMembers: 10,
      at: 200,
      describe: describeEvent,
    });

  let clientCounter = 0;
  const send = (conversationId: string, senderId: string, clientId = `m${++clientCounter}`) =>
    ctx.store.messages.append({
      conversationId,
      senderId,
      clientId,
      body: `message ${clientId}`,
      sentAt: 300,
    });

  async function seqsOf(conversationId: string) {
    const { messages } = await ctx.store.messages.history(conversationId, { limit: 100 });
    return messages.map((m) => `${m.seq} ${m.kind === 'system' ? m.system?.action : m.senderId}`);
  }

  it('refuses a sender who is not a member, consuming no seq', async () => {
    const { id } = await group([alice.id, bob.id]);
    await expect(send(id, carol.id)).rejects.toBeInstanceOf(NotMemberError);
    const next = await send(id, bob.id);
    expect(next.message.seq).toBe(2);
    expect((await ctx.store.conversations.byId(id))?.lastSeq).toBe(2);
  });

  it('refuses a member once their removal committed, storing nothing past their last readable seq', async () => {
    const { id } = await group([alice.id, bob.id, carol.id]);
    const removal = await update(id, { removeMemberIds: [carol.id] });
    expect(removal.messages.map((m) => m.seq)).toEqual([2]);
    await expect(send(id, carol.id)).rejects.toBeInstanceOf(NotMemberError);
    expect(await seqsOf(id)).toEqual(['1 created', '2 removed']);
    expect(await ctx.store.conversations.periods(id, carol.id)).toEqual([{ fromSeq: 1, toSeq: 2 }]);
  });

  it('refuses a member who left, and takes them again once added back', async () => {
    const { id } = await group([alice.id, bob.id]);
    await ctx.store.conversations.leave({
      conversationId: id,
      userId: bob.id,
      at: 150,
      describe: describeEvent,
    });
    await expect(send(id, bob.id)).rejects.toBeInstanceOf(NotMemberError);
    await update(id, { addMemberIds: [bob.id] });
    expect((await send(id, bob.id)).message.seq).toBe(4);
  });

  it('answers with the members as they are right after the write, for the fan-out', async () => {
    const { id } = await group([alice.id, bob.id, carol.id]);
    await update(id, { removeMemberIds: [bob.id], addMemberIds: [dave.id] });
    const sent = await send(id, alice.id);
    expect(sent.message.seq).toBe(4);
    expect(sent.memberIds).toEqual([alice.id, carol.id, dave.id]);

    const afterSend = await send(id, carol.id);
    await update(id, { removeMemberIds: [carol.id] });
    expect(afterSend.memberIds).toEqual([alice.id, carol.id, dave.id]);
    // A retry answers with the stored message and today's members.
    const retry = await send(id, alice.id, sent.message.clientId);
    expect(retry).toMatchObject({ created: false, message: { id: sent.message.id } });
    expect(retry.memberIds).toEqual([alice.id, dave.id]);
  });

  it('answers a retry from a member removed since with the stored message', async () => {
    const { id } = await group([alice.id, bob.id]);
    const sent = await send(id, bob.id, 'kept');
    await update(id, { removeMemberIds: [bob.id] });
    expect(await send(id, bob.id, 'kept')).toMatchObject({
      created: false,
      message: { id: sent.message.id },
    });
  });
});

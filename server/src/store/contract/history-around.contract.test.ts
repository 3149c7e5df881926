import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

describe.each(await storeFactories())('history aroundSeq ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let conversationId: string;
  let lastSeq: number;
  beforeEach(async () => {
    const alice = await makeUser(ctx.store, 'Alice');
    const bob = await makeUser(ctx.store, 'Bob');
    const { conversation } = await ctx.store.conversations.create({
      kind: 'group',
      title: 'Team',
      memberIds: [alice.id, bob.id],
      createdAt: 1,
    });
    conversationId = conversation.id;
    for (let i = 1; i <= 20; i++) {
      const { message } = await ctx.store.messages.append({
        conversationId,
        senderId: alice.id,
        clientId: randomUUID(),
        body: `m${i}`,
        sentAt: i,
      });
      lastSeq = message.seq;
    }
  });

  const around = async (
    aroundSeq: number,
    limit: number,
    bounds: { afterSeq?: number; beforeSeq?: number } = {},
  ) => {
    const page = await ctx.store.messages.history(conversationId, { aroundSeq, limit, ...bounds });
    return { seqs: page.messages.map((m) => m.seq), more: page.more };
  };

  it('puts the seq in the middle: half older, the rest from it on', async () => {
    const mid = lastSeq - 10;
    expect(await around(mid, 6)).toEqual({
      seqs: [mid - 3, mid - 2, mid - 1, mid, mid + 1, mid + 2],
      more: true,
    });
    expect(await around(mid, 5)).toEqual({ seqs: [mid - 2, mid - 1, mid, mid + 1, mid + 2], more: true });
    const page = await ctx.store.messages.history(conversationId, { aroundSeq: mid, limit: 1 });
    expect(page.messages.map((m) => m.body)).toEqual([`m${mid}`]);
  });

  it('fills the page from the other side near either end', async () => {
    const firstSeq = lastSeq - 19;
    const start = await around(firstSeq + 1, 6);
    expect(start.seqs).toEqual([
      firstSeq,
      firstSeq + 1,
      firstSeq + 2,
      firstSeq + 3,
      firstSeq + 4,
      firstSeq + 5,
    ]);
    expect(start.more).toBe(firstSeq > 1);
    expect(await around(lastSeq, 4)).toEqual({
      seqs: [lastSeq - 3, lastSeq - 2, lastSeq - 1, lastSeq],
      more: true,
    });
    expect((await around(lastSeq + 100, 3)).seqs).toEqual([lastSeq - 2, lastSeq - 1, lastSeq]);
  });

  it('stays inside the bounds it is given', async () => {
    const mid = lastSeq - 10;
    const page = await around(mid, 10, { afterSeq: mid - 2, beforeSeq: mid + 3 });
    expect(page).toEqual({ seqs: [mid - 1, mid, mid + 1, mid + 2], more: false });
    expect((await around(mid, 4, { afterSeq: mid + 5 })).seqs).toEqual([mid + 6, mid + 7, mid + 8, mid + 9]);
  });
});

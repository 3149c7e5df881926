import { beforeEach, describe, expect, it } from 'vitest';
import { chainBreak } from '../../compliance/chain';
import type { ArchiveEntry } from '../../compliance/entries';
import { type MemberPeriod, NotMemberError, type UserRecord } from '../types';
import { makeUser } from './fixtures';
import { type ContractStore, storeFactories, useContractStore } from './harness';

const describeEvent = () => 'system';
const oneTo = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** Why the chain does not verify, or null. */
async function chainProblem(store: ContractStore, chain: string): Promise<string | null> {
  let previous: ArchiveEntry | null = null;
  for await (const entry of store.archive.entries({ chain })) {
    const broken = chainBreak(previous, entry);
    if (broken) return `entry ${entry.chainSeq}: ${broken}`;
    previous = entry;
  }
  return null;
}

const inPeriod = (periods: readonly MemberPeriod[], seq: number) =>
  periods.some((period) => period.fromSeq <= seq && (period.toSeq === null || seq < period.toSeq));

/**
 * Several store instances on the same data are several server nodes (each its own pool of
 * connections on PostgreSQL, its own connection on SQLite) writing at the same moment.
 */
describe.each(await storeFactories())('concurrent writers on several nodes ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let nodes: ContractStore[];
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  let dave: UserRecord;
  beforeEach(async () => {
    nodes = [ctx.store, await ctx.openAnother(), await ctx.openAnother()];
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    carol = await makeUser(ctx.store, 'Carol');
    dave = await makeUser(ctx.store, 'Dave');
  });

  const node = (i: number): ContractStore => {
    const store = nodes[i % nodes.length];
    if (!store) throw new Error('no nodes');
    return store;
  };

  async function group(memberIds: string[]): Promise<string> {
    const { conversation } = await ctx.store.conversations.create({
      kind: 'group',
      title: 'Team',
      memberIds,
      createdAt: 1,
    });
    return conversation.id;
  }

  it('keeps seq gapless and stores each clientId once when three nodes append, and retry, at once', async () => {
    const id = await group([alice.id, bob.id, carol.id]);
    const senders = [alice, bob, carol];
    // Every message is sent twice, by two different nodes at once: a client retrying elsewhere.
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const n = Math.floor(i / 2);
        return node(i).messages.append({
          conversationId: id,
          senderId: senders[n % 3]?.id ?? alice.id,
          clientId: `client-${n}`,
          body: `message ${n}`,
          sentAt: 1_000 + n,
        });
      }),
    );
    const byClientId = new Map<string, Set<string>>();
    for (const { message } of results) {
      byClientId.set(message.clientId, (byClientId.get(message.clientId) ?? new Set()).add(message.id));
    }
    expect([...byClientId.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(byClientId.size).toBe(60);
    expect(results.filter((result) => result.created)).toHaveLength(60);
    expect([...new Set(results.map((result) => result.message.seq))].sort((a, b) => a - b)).toEqual(
      oneTo(60),
    );
    expect((await ctx.sql('SELECT count(*) AS n FROM messages WHERE conversation_id = ?', id)).rows).toEqual([
      { n: 60 },
    ]);
    const { messages } = await node(1).messages.history(id, { limit: 100 });
    expect(messages.map((message) => message.seq)).toEqual(oneTo(60));
    expect((await node(2).conversations.byId(id))?.lastSeq).toBe(60);
    expect(await chainProblem(ctx.store, id)).toBeNull();
  });

  it('lets appends to different conversations on different nodes each stay gapless', async () => {
    const ids = [
      await group([alice.id, bob.id]),
      await group([alice.id, carol.id]),
      await group([bob.id, carol.id]),
    ];
    const senders = [alice, carol, bob];
    await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        // Each conversation gets appends from every node.
        node(Math.floor(i / 3)).messages.append({
          conversationId: ids[i % 3] ?? '',
          senderId: senders[i % 3]?.id ?? '',
          clientId: `c${i}`,
          body: 'x',
          sentAt: 1_000,
        }),
      ),
    );
    for (const id of ids) {
      const { messages } = await ctx.store.messages.history(id, { limit: 100 });
      expect(messages.map((message) => message.seq)).toEqual(oneTo(30));
      expect(await chainProblem(ctx.store, id)).toBeNull();
    }
  });

  it('never stores a message outside its sender’s membership, nor for the wrong members, when removals race sends', async () => {
    const id = await group([alice.id, bob.id, carol.id, dave.id]);
    const settled: Array<PromiseSettledResult<Awaited<ReturnType<ContractStore['messages']['append']>>>> = [];
    // Rounds of ten sends racing one change, alternately removing Carol and Dave and adding them back.
    for (let round = 0; round < 8; round += 1) {
      const change =
        round % 2 === 0 ? { removeMemberIds: [carol.id, dave.id] } : { addMemberIds: [carol.id, dave.id] };
      const sends = Array.from({ length: 10 }, (_, i) =>
        node(round + i).messages.append({
          conversationId: id,
          senderId: [carol.id, dave.id, bob.id][i % 3] ?? bob.id,
          clientId: `s${round}-${i}`,
          body: `send ${round}-${i}`,
          sentAt: 2_000 + round,
        }),
      );
      const [outcomes] = await Promise.all([
        Promise.allSettled(sends),
        node(round + 1).conversations.update({
          conversationId: id,
          actorId: alice.id,
          ...change,
          maxMembers: 10,
          at: 2_000 + round,
          describe: describeEvent,
        }),
      ]);
      settled.push(...outcomes);
    }
    for (const outcome of settled) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(NotMemberError);
    }
    // Bob is never removed: at least his sends are stored.
    expect(settled.filter((outcome) => outcome.status === 'fulfilled').length).toBeGreaterThanOrEqual(24);

    const periods = new Map<string, MemberPeriod[]>();
    for (const user of [alice, bob, carol, dave]) {
      periods.set(user.id, await ctx.store.conversations.periods(id, user.id));
    }
    const { messages } = await ctx.store.messages.history(id, { limit: 200 });
    expect(messages.map((message) => message.seq)).toEqual(oneTo(messages.length));
    for (const outcome of settled) {
      if (outcome.status !== 'fulfilled') continue;
      const { message, memberIds } = outcome.value;
      expect(inPeriod(periods.get(message.senderId) ?? [], message.seq), `seq ${message.seq}`).toBe(true);
      const expected = [...periods].filter(([, of]) => inPeriod(of, message.seq)).map(([userId]) => userId);
      expect([...memberIds].sort(), `members at seq ${message.seq}`).toEqual(expected.sort());
    }
    expect(await chainProblem(ctx.store, id)).toBeNull();
  });

  it('applies membership changes made on several nodes at once, each with its own seqs', async () => {
    const id = await group([alice.id, bob.id]);
    const others = await Promise.all([1, 2, 3].map((i) => makeUser(ctx.store, `Other ${i}`)));
    const results = await Promise.all([
      ...others.map((other, i) =>
        node(i).conversations.update({
          conversationId: id,
          actorId: alice.id,
          addMemberIds: [other.id],
          maxMembers: 10,
          at: 2_000,
          describe: describeEvent,
        }),
      ),
      node(1).conversations.update({
        conversationId: id,
        actorId: alice.id,
        title: 'Renamed',
        maxMembers: 10,
        at: 2_000,
        describe: describeEvent,
      }),
      node(2).conversations.leave({ conversationId: id, userId: bob.id, at: 2_000, describe: describeEvent }),
    ]);
    const seqs = results.flatMap((result) => result.messages.map((message) => message.seq));
    expect(seqs.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    const after = await ctx.store.conversations.byId(id);
    expect([...(after?.memberIds ?? [])].sort()).toEqual([alice.id, ...others.map((o) => o.id)].sort());
    expect(after?.lastSeq).toBe(5);
    for (const other of others) {
      expect(await ctx.store.conversations.periods(id, other.id)).toHaveLength(1);
    }
    expect(await chainProblem(ctx.store, id)).toBeNull();
  });

  it('refuses more members than allowed even when the additions come from several nodes at once', async () => {
    const id = await group([alice.id]);
    const others = await Promise.all([1, 2, 3, 4].map((i) => makeUser(ctx.store, `Other ${i}`)));
    const settled = await Promise.allSettled(
      others.map((other, i) =>
        node(i).conversations.update({
          conversationId: id,
          actorId: alice.id,
          addMemberIds: [other.id],
          maxMembers: 3,
          at: 2_000,
          describe: describeEvent,
        }),
      ),
    );
    expect(settled.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    expect(settled.filter((outcome) => outcome.status === 'rejected')).toEqual([
      expect.objectContaining({ reason: expect.objectContaining({ reason: 'too_many_members' }) }),
      expect.objectContaining({ reason: expect.objectContaining({ reason: 'too_many_members' }) }),
    ]);
    expect((await ctx.store.conversations.byId(id))?.memberIds).toHaveLength(3);
  });
});

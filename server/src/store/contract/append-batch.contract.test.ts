import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadPublicKeys } from '../../compliance/signing-key';
import { verifyArchive } from '../../compliance/verify';
import { tempDirs } from '../sqlite/testing/temp-files';
import { type NewMessage, NotFoundError, NotMemberError, type UserRecord } from '../types';
import { makeUser } from './fixtures';
import { type ContractStore, storeFactories, useContractStore } from './harness';

type Append = Awaited<ReturnType<ContractStore['messages']['append']>>;

/**
 * Appends that arrive together, as a group commit takes them (PostgreSQL: one transaction, one
 * read and one write for the whole batch): each must come out exactly as if appended one after
 * another. Two appends elsewhere go first, so the others arrive while those commit and are
 * committed together after them.
 */
describe.each(await storeFactories())('appends arriving together ($name)', (factory) => {
  const ctx = useContractStore(factory);
  const keys = tempDirs('beacon-batch-keys-');
  afterAll(() => keys.cleanup());
  let alice: UserRecord;
  let bob: UserRecord;
  let outsider: UserRecord;
  let first: string;
  let second: string;
  let elsewhere: string[];
  beforeEach(async () => {
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    outsider = await makeUser(ctx.store, 'Outsider');
    const ids = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const { conversation } = await ctx.store.conversations.create({
          kind: 'group',
          title: 'Team',
          memberIds: [alice.id, bob.id],
          createdAt: 1,
        });
        return conversation.id;
      }),
    );
    [first, second] = [ids[0] ?? '', ids[1] ?? ''];
    elsewhere = ids.slice(2);
  });

  let counter = 0;
  const message = (conversationId: string, extra: Partial<NewMessage> = {}): NewMessage => {
    counter += 1;
    return {
      conversationId,
      senderId: alice.id,
      clientId: `c${counter}`,
      body: `message ${counter}`,
      sentAt: 1_000 + counter,
      ...extra,
    };
  };

  /** Every append of `together` asked for at once, behind two appends to other conversations. */
  async function appendTogether(together: NewMessage[]): Promise<Array<PromiseSettledResult<Append>>> {
    const ahead = elsewhere.map((id) => ctx.store.messages.append(message(id)));
    const settled = await Promise.allSettled(together.map((next) => ctx.store.messages.append(next)));
    await Promise.all(ahead);
    return settled;
  }

  const fulfilled = (outcome: PromiseSettledResult<Append> | undefined): Append => {
    if (outcome?.status !== 'fulfilled') throw new Error(`expected a stored message, got ${String(outcome)}`);
    return outcome.value;
  };
  const storedSeqs = async (conversationId: string) =>
    (await ctx.store.messages.history(conversationId, { limit: 100 })).messages.map((m) => [m.seq, m.body]);
  const verified = async () => (await verifyArchive(ctx.store, loadPublicKeys(keys.make()))).problems;

  it('stores one message for the same clientId twice, and answers both with it', async () => {
    const once = message(first);
    const [original, repeat, other] = (
      await appendTogether([once, { ...once, body: 'a retry' }, message(first)])
    ).map(fulfilled);
    expect(original).toMatchObject({ created: true, message: { seq: 1, body: once.body } });
    expect(repeat?.created).toBe(false);
    expect(repeat?.message).toEqual(original?.message);
    expect(repeat?.memberIds.sort()).toEqual([alice.id, bob.id].sort());
    expect(other?.message.seq).toBe(2);
    expect(await storedSeqs(first)).toEqual([
      [1, once.body],
      [2, other?.message.body],
    ]);
    expect(await verified()).toEqual([]);
  });

  it('numbers interleaved appends to two conversations consecutively each, in arrival order, chained', async () => {
    const together = Array.from({ length: 20 }, (_, i) =>
      message(i % 2 === 0 ? first : second, { senderId: i % 3 === 0 ? bob.id : alice.id }),
    );
    const results = (await appendTogether(together)).map(fulfilled);
    expect(results.map((result) => result.created)).toEqual(together.map(() => true));
    for (const id of [first, second]) {
      const arrived = together.flatMap((sent, i) => (sent.conversationId === id ? [results[i]] : []));
      expect(arrived.map((result) => result?.message.seq)).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
      expect(await storedSeqs(id)).toEqual(
        arrived.map((result) => [result?.message.seq, result?.message.body]),
      );
      expect((await ctx.store.conversations.byId(id))?.lastSeq).toBe(10);
    }
    expect(await verified()).toEqual([]);
  });

  it('refuses the appends in the middle that it must, alone, and stores the others without a gap', async () => {
    const settled = await appendTogether([
      message(first),
      message(second),
      message(first, { senderId: outsider.id }),
      message('no-such-conversation'),
      message(first, { senderId: 'no-such-user' }),
      message(first),
      message(second),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(settled[2]).toMatchObject({ reason: expect.any(NotMemberError) });
    expect(settled[3]).toMatchObject({ reason: expect.any(NotFoundError) });
    expect(settled[4]).toMatchObject({ reason: expect.any(NotFoundError) });
    expect([settled[0], settled[5]].map((outcome) => fulfilled(outcome).message.seq)).toEqual([1, 2]);
    expect([settled[1], settled[6]].map((outcome) => fulfilled(outcome).message.seq)).toEqual([1, 2]);
    expect((await storedSeqs(first)).map(([seq]) => seq)).toEqual([1, 2]);
    expect(await verified()).toEqual([]);
  });

  it('keeps arrival order in a conversation whose appends include a reply', async () => {
    const quoted = (await ctx.store.messages.append(message(first))).message;
    const together = [
      message(first),
      message(second),
      message(first, { replyToId: quoted.id }),
      message(second),
      message(first),
    ];
    const results = (await appendTogether(together)).map(fulfilled);
    expect(results.map((result) => result.message.seq)).toEqual([2, 1, 3, 2, 4]);
    expect(results[2]?.message.replyTo).toMatchObject({ id: quoted.id });
    expect((await storedSeqs(first)).map(([seq]) => seq)).toEqual([1, 2, 3, 4]);
    expect(await verified()).toEqual([]);
  });
});

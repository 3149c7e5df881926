import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  PostgresTestSchema,
  postgresOrSkipReason,
  TEST_DATABASE_URL,
} from '../contract/postgres-test-database';
import type { Store } from '../types';
import { type NewMessage, NotMemberError } from '../types';
import { PostgresAppendBatches } from './append-batches';
import { PostgresArchiveLog } from './archive-log';
import { type LockedBatchAppender, PostgresBatchAppender } from './batch-append';
import { PostgresMessageAppender } from './message-append';
import { createPool } from './pool';

/** The group commit itself: how appends are grouped into transactions, and what a failure does. */
const skip = (await postgresOrSkipReason()) !== null;

describe.skipIf(skip)('PostgreSQL group commit of appends', () => {
  const test = new PostgresTestSchema();
  let store: Store;
  let pool: pg.Pool;
  let conversationId: string;
  let senderId: string;
  let outsiderId: string;
  beforeAll(async () => {
    await test.create();
    pool = createPool({ url: TEST_DATABASE_URL, schema: test.schema, poolSize: 4 });
  });
  beforeEach(async () => {
    await store?.close();
    await test.empty();
    store = await test.open(() => 1_000);
    const [alice, outsider] = await Promise.all(
      ['alice', 'outsider'].map((name) =>
        store.users.create({ email: `${name}@acme.test`, name, passwordHash: 'h' }),
      ),
    );
    if (!alice || !outsider) throw new Error('users missing');
    senderId = alice.id;
    outsiderId = outsider.id;
    const { conversation } = await store.conversations.create({
      kind: 'group',
      title: 'Team',
      memberIds: [alice.id],
      createdAt: 1,
    });
    conversationId = conversation.id;
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await test.drop();
  });

  const message = (i: number, extra: Partial<NewMessage> = {}): NewMessage => ({
    conversationId,
    senderId,
    clientId: `c${i}`,
    body: `message ${i}`,
    sentAt: 1_000 + i,
    ...extra,
  });
  const batchAppender = () => {
    const archive = new PostgresArchiveLog();
    return new PostgresBatchAppender(new PostgresMessageAppender(archive), archive);
  };
  const storedSeqs = async () =>
    (await store.messages.history(conversationId, { limit: 100 })).messages.map((m) => m.seq);

  it('commits appends that arrive while others commit together, each once committed', async () => {
    const connect = vi.spyOn(pool, 'connect');
    const batches = new PostgresAppendBatches(pool, batchAppender());
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => batches.append(message(i))));
    expect(results.map((result) => result.message.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    // The first commits alone; the others, of the same conversation, wait and share a few transactions.
    expect(connect.mock.calls.length).toBeLessThan(10);
    expect(await storedSeqs()).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    connect.mockRestore();
  });

  it('never commits one conversation in two batches at once: its appends wait, in arrival order', async () => {
    const { conversation: other } = await store.conversations.create({
      kind: 'group',
      title: 'Other',
      memberIds: [senderId],
      createdAt: 1,
    });
    const real = batchAppender();
    const batches: string[][] = [];
    const watching: LockedBatchAppender = {
      appendAllLocked(client, messages) {
        batches.push(messages.map((next) => next.clientId));
        return real.appendAllLocked(client, messages);
      },
    };
    const group = new PostgresAppendBatches(pool, watching, { maxInFlight: 3 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        group.append(message(i, i % 3 === 0 ? { conversationId: other.id } : {})),
      ),
    );
    // The first append of each conversation commits alone; the others wait, though a third
    // batch could start, and go together once their conversation's batch has committed.
    expect(batches).toContainEqual(['c0']);
    expect(batches).toContainEqual(['c1']);
    expect(batches.find((batch) => batch.includes('c2'))).toEqual(
      Array.from({ length: 30 }, (_, i) => `c${i}`).filter((_, i) => i >= 2 && i % 3 !== 0),
    );
    const seqsOf = (id: string) =>
      results.filter((result) => result.message.conversationId === id).map((result) => result.message.seq);
    expect(seqsOf(conversationId)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(seqsOf(other.id)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('rejects a refused append alone, and the others of its batch commit without a gap', async () => {
    const batches = new PostgresAppendBatches(pool, batchAppender(), { maxInFlight: 1 });
    const settled = await Promise.allSettled([
      batches.append(message(0)),
      batches.append(message(1)),
      batches.append(message(2, { senderId: outsiderId })),
      batches.append(message(3, { replyToId: 'nope' })),
      batches.append(message(4)),
      batches.append(message(1)),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(settled[2]).toMatchObject({ reason: expect.any(NotMemberError) });
    expect(settled[3]).toMatchObject({ reason: { rule: 'reply_elsewhere' } });
    // The repeat of c1 in the same batch is the stored message.
    expect(settled[5]).toMatchObject({ value: { created: false, message: { seq: 2 } } });
    expect(await storedSeqs()).toEqual([1, 2, 3]);
  });

  it('retries each append of a batch that failed on its own, so none fails for another', async () => {
    const real = batchAppender();
    let failures = 0;
    const flaky: LockedBatchAppender = {
      async appendAllLocked(client, messages) {
        if (messages.some((next) => next.clientId === 'c2')) {
          failures += 1;
          // A statement that fails inside the transaction, as a broken write would.
          await client.query('SELECT 1 / 0');
        }
        return real.appendAllLocked(client, messages);
      },
    };
    const batches = new PostgresAppendBatches(pool, flaky, { maxInFlight: 1 });
    const first = batches.append(message(0));
    const rest = [1, 2, 3].map((i) => batches.append(message(i)));
    await first;
    const settled = await Promise.allSettled(rest);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[1]).toMatchObject({ reason: { message: 'division by zero' } });
    expect(failures).toBe(2);
    expect(await storedSeqs()).toEqual([1, 2, 3]);
  });

  it('commits what was asked for before the store closes', async () => {
    const appends = Array.from({ length: 20 }, (_, i) => store.messages.append(message(i)));
    await store.close();
    expect((await Promise.all(appends)).filter((result) => result.created)).toHaveLength(20);
    store = await test.open(() => 1_000);
    expect(await storedSeqs()).toHaveLength(20);
  });
});

import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  postgresOrSkipReason,
  scratchSchemas,
  TEST_DATABASE_URL,
} from '../store/contract/postgres-test-database';
import { tempDirs } from '../store/sqlite/testing/temp-files';
import { type OpenedWebhookQueue, openWebhookQueue, type WebhookStoreTarget } from './connection';
import type { AttemptOutcome, DueDelivery, RecordedAttempt, WebhookQueue } from './queue';

/** One test file's data: a file per test (SQLite) or one schema emptied before each test (PostgreSQL). */
interface QueueFactory {
  name: 'sqlite' | 'postgres';
  unavailable: string | null;
  prepare(): Promise<{ fresh(): Promise<WebhookStoreTarget>; dispose(): Promise<void> }>;
}

const sqlite: QueueFactory = {
  name: 'sqlite',
  unavailable: null,
  async prepare() {
    const dirs = tempDirs('beacon-webhook-queue-');
    return {
      fresh: async () => ({ store: 'sqlite', file: join(dirs.make(), 'beacon.db') }),
      dispose: async () => dirs.cleanup(),
    };
  },
};

function postgres(unavailable: string | null): QueueFactory {
  return {
    name: 'postgres',
    unavailable,
    async prepare() {
      const schemas = scratchSchemas();
      const target: WebhookStoreTarget = {
        store: 'postgres',
        url: TEST_DATABASE_URL,
        schema: schemas.name(),
      };
      await (await openWebhookQueue(target)).close(); // migrates once
      const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
      return {
        async fresh() {
          // Deliveries and attempts go with their webhooks (ON DELETE CASCADE).
          await admin.query(`DELETE FROM ${target.schema}.webhooks`);
          return target;
        },
        async dispose() {
          await admin.end();
          await schemas.dropAll();
        },
      };
    },
  };
}

const factories = [sqlite, postgres(await postgresOrSkipReason())];

const CLAIM_MS = 30_000;
const hook = (url = 'https://hooks.example.test/a') => ({
  url,
  events: ['presence.changed' as const],
  secret: 'secret-0123456789abcdef',
  createdAt: 1_000,
});
const outcome = (delivery: DueDelivery, at: number, status: number | null): AttemptOutcome => ({
  webhookId: delivery.webhookId,
  eventId: delivery.eventId,
  attempt: delivery.attempts + 1,
  status,
  at,
  durationMs: 5,
  error: status !== null && status < 300 ? null : `HTTP ${status}`,
});
const failed = (delivery: DueDelivery, at: number, retryAt: number): RecordedAttempt => ({
  outcome: outcome(delivery, at, 500),
  retryAt,
});
const delivered = (delivery: DueDelivery, at: number): RecordedAttempt => ({
  outcome: outcome(delivery, at, 200),
  retryAt: null,
});
const events = (due: readonly DueDelivery[]) => due.map((delivery) => delivery.eventId);

describe.each(factories)('webhook queue ($name)', (factory) => {
  let data: Awaited<ReturnType<QueueFactory['prepare']>> | null = null;
  let target: WebhookStoreTarget | null = null;
  const opened: OpenedWebhookQueue[] = [];
  let queue: WebhookQueue;
  /** Another node's queue on the same data. */
  const another = async (): Promise<WebhookQueue> => {
    if (!target) throw new Error('no queue open');
    const node = await openWebhookQueue(target);
    opened.push(node);
    return node.queue;
  };

  beforeAll(async () => {
    if (factory.unavailable === null) data = await factory.prepare();
  });
  beforeEach(async (context) => {
    if (!data) {
      context.skip(factory.unavailable ?? 'not prepared');
      return;
    }
    target = await data.fresh();
    queue = await another();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((node) => node.close()));
  });
  afterAll(async () => {
    await data?.dispose();
  });

  it('creates, lists oldest first without secrets, disables once, and removes with the queue', async () => {
    const a = await queue.create(hook());
    const b = await queue.create({ ...hook('https://hooks.example.test/b'), events: ['message.created'] });
    await queue.enqueue([{ webhookId: a.id, eventId: 'e1', body: '{}' }], 2_000);
    const listed = await queue.list();
    expect(listed.map((w) => [w.id, w.url, w.events, w.pending])).toEqual([
      [a.id, 'https://hooks.example.test/a', ['presence.changed'], 1],
      [b.id, 'https://hooks.example.test/b', ['message.created'], 0],
    ]);
    expect(JSON.stringify(listed)).not.toContain('secret-0123456789abcdef');
    expect((await queue.active()).map((w) => [w.id, w.secret])).toEqual([
      [a.id, 'secret-0123456789abcdef'],
      [b.id, 'secret-0123456789abcdef'],
    ]);

    expect(await queue.disable(b.id, 3_000, 'failing')).toBe(true);
    expect(await queue.disable(b.id, 4_000, 'again')).toBe(false);
    expect((await queue.active()).map((w) => w.id)).toEqual([a.id]);
    expect((await queue.list())[1]).toMatchObject({ disabledAt: 3_000, disabledReason: 'failing' });

    expect(await queue.exists(a.id)).toBe(true);
    expect(await queue.remove(a.id)).toBe(true);
    expect(await queue.remove(a.id)).toBe(false);
    expect(await queue.exists(a.id)).toBe(false);
    expect((await queue.list()).map((w) => w.id)).toEqual([b.id]);
  });

  it("queues a (webhook, event) once, and skips a removed webhook's without failing the batch", async () => {
    const a = await queue.create(hook());
    const gone = await queue.create(hook('https://hooks.example.test/gone'));
    await queue.remove(gone.id);
    await queue.enqueue(
      [
        { webhookId: a.id, eventId: 'e1', body: '{"n":1}' },
        { webhookId: gone.id, eventId: 'e1', body: '{"n":1}' },
        { webhookId: a.id, eventId: 'e2', body: '{"n":2}' },
      ],
      2_000,
    );
    await queue.enqueue([{ webhookId: a.id, eventId: 'e1', body: '{"n":"again"}' }], 2_500);
    const due = await queue.claimDue(3_000, 10, CLAIM_MS);
    expect(due.map((d) => [d.eventId, d.body, d.attempts, d.url, d.secret])).toEqual([
      ['e1', '{"n":1}', 0, 'https://hooks.example.test/a', 'secret-0123456789abcdef'],
      ['e2', '{"n":2}', 0, 'https://hooks.example.test/a', 'secret-0123456789abcdef'],
    ]);
  });

  it('claims due deliveries oldest first, each once until its claim ends or is released', async () => {
    const a = await queue.create(hook());
    await queue.enqueue([{ webhookId: a.id, eventId: 'e1', body: '{}' }], 1_000);
    await queue.enqueue([{ webhookId: a.id, eventId: 'e2', body: '{}' }], 2_000);
    await queue.enqueue([{ webhookId: a.id, eventId: 'later', body: '{}' }], 9_000);
    expect(events(await queue.claimDue(5_000, 1, CLAIM_MS))).toEqual(['e1']);
    expect(events(await queue.claimDue(5_000, 10, CLAIM_MS))).toEqual(['e2']);
    expect(await queue.claimDue(6_000, 10, CLAIM_MS)).toEqual([]);
    // A worker that died mid-attempt: its claims end and the deliveries are due again.
    expect(events(await queue.claimDue(5_000 + CLAIM_MS, 10, CLAIM_MS))).toEqual(['e1', 'e2', 'later']);
    await queue.release([{ webhookId: a.id, eventId: 'e2' }]);
    expect(events(await queue.claimDue(5_000 + CLAIM_MS + 1, 10, CLAIM_MS))).toEqual(['e2']);
  });

  it('records a failure (logged, rescheduled, failing since the first) and then a success', async () => {
    const a = await queue.create(hook());
    await queue.enqueue([{ webhookId: a.id, eventId: 'e1', body: '{}' }], 1_000);
    const [first] = await queue.claimDue(1_000, 10, CLAIM_MS);
    if (!first) throw new Error('nothing due');
    expect(await queue.record([failed(first, 1_100, 2_000)])).toEqual([1_100]);
    expect(await queue.claimDue(1_999, 10, CLAIM_MS)).toEqual([]);
    const [second] = await queue.claimDue(2_000, 10, CLAIM_MS);
    expect(second).toMatchObject({ eventId: 'e1', attempts: 1 });
    if (!second) throw new Error('not due again');
    expect(await queue.record([failed(second, 2_100, 3_000)])).toEqual([1_100]);
    expect((await queue.list())[0]).toMatchObject({ failingSince: 1_100, pending: 1 });

    const [third] = await queue.claimDue(3_000, 10, CLAIM_MS);
    if (!third) throw new Error('not due a third time');
    expect(await queue.record([delivered(third, 3_100)])).toEqual([null]);
    expect((await queue.list())[0]).toMatchObject({ failingSince: null, pending: 0 });
    expect(await queue.claimDue(1_000_000, 10, CLAIM_MS)).toEqual([]);
    expect(
      (await queue.attempts(a.id, 10)).map((x) => [x.eventId, x.attempt, x.status, x.at, x.error]),
    ).toEqual([
      ['e1', 3, 200, 3_100, null],
      ['e1', 2, 500, 2_100, 'HTTP 500'],
      ['e1', 1, 500, 1_100, 'HTTP 500'],
    ]);
    expect(await queue.attempts(a.id, 1)).toHaveLength(1);
  });

  it("records a batch in order: each failure gets its webhook's failing-since as of then", async () => {
    const a = await queue.create(hook());
    const b = await queue.create(hook('https://hooks.example.test/b'));
    await queue.enqueue(
      ['e1', 'e2', 'e3'].flatMap((eventId) => [
        { webhookId: a.id, eventId, body: '{}' },
        { webhookId: b.id, eventId, body: '{}' },
      ]),
      1_000,
    );
    const due = await queue.claimDue(1_000, 10, CLAIM_MS);
    const of = (webhookId: string, eventId: string) => {
      const found = due.find((d) => d.webhookId === webhookId && d.eventId === eventId);
      if (!found) throw new Error(`${eventId} of ${webhookId} not claimed`);
      return found;
    };
    const since = await queue.record([
      failed(of(a.id, 'e1'), 1_100, 5_000),
      delivered(of(a.id, 'e2'), 1_200),
      failed(of(a.id, 'e3'), 1_300, 5_000),
      failed(of(b.id, 'e1'), 1_150, 5_000),
      failed(of(b.id, 'e2'), 1_250, 5_000),
      delivered(of(b.id, 'e3'), 1_350),
    ]);
    expect(since).toEqual([1_100, null, 1_300, 1_150, 1_150, null]);
    expect((await queue.list()).map((w) => [w.failingSince, w.pending])).toEqual([
      [1_300, 2],
      [null, 2],
    ]);
  });

  it('leaves the deliveries of a disabled webhook queued and unclaimed', async () => {
    const a = await queue.create(hook());
    await queue.enqueue([{ webhookId: a.id, eventId: 'e1', body: '{}' }], 1_000);
    await queue.disable(a.id, 1_500, 'failing');
    expect(await queue.claimDue(2_000, 10, CLAIM_MS)).toEqual([]);
    expect((await queue.list())[0]).toMatchObject({ pending: 1 });
  });

  it('prunes attempts older than the retention', async () => {
    const a = await queue.create(hook());
    await queue.enqueue(
      [
        { webhookId: a.id, eventId: 'old', body: '{}' },
        { webhookId: a.id, eventId: 'new', body: '{}' },
      ],
      1_000,
    );
    const due = await queue.claimDue(1_000, 10, CLAIM_MS);
    const [old, recent] = due;
    if (!old || !recent) throw new Error('not claimed');
    await queue.record([failed(old, 1_100, 9_000), failed(recent, 5_000, 9_000)]);
    expect(await queue.prune(2_000)).toBe(1);
    expect((await queue.attempts(a.id, 10)).map((attempt) => attempt.eventId)).toEqual(['new']);
  });

  describe.skipIf(factory.name !== 'postgres')('several nodes on one queue', () => {
    it('never hands one delivery to two nodes claiming at once', async () => {
      const nodes = [queue, await another(), await another()];
      const a = await queue.create(hook());
      const offered = Array.from({ length: 60 }, (_, n) => ({
        webhookId: a.id,
        eventId: `e${n}`,
        body: '{}',
      }));
      await queue.enqueue(offered, 1_000);
      const claims = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((n) => nodes[n % nodes.length]?.claimDue(2_000, 15, CLAIM_MS) ?? []),
      );
      const claimed = claims.flatMap(events);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.sort()).toEqual(offered.map((d) => d.eventId).sort());
    });

    it('ignores an event a slower node offers after its delivery succeeded, until it is pruned', async () => {
      const slower = await another();
      const a = await queue.create(hook());
      await queue.enqueue([{ webhookId: a.id, eventId: 'presence:u1:1000', body: '{"from":"a"}' }], 1_000);
      const [due] = await queue.claimDue(1_000, 10, CLAIM_MS);
      if (!due) throw new Error('not claimed');
      await queue.record([delivered(due, 1_100)]);
      await slower.enqueue([{ webhookId: a.id, eventId: 'presence:u1:1000', body: '{"from":"b"}' }], 1_200);
      expect(await slower.claimDue(2_000, 10, CLAIM_MS)).toEqual([]);
      expect((await queue.list())[0]).toMatchObject({ pending: 0 });
      // Two nodes offering it at once: one row.
      await Promise.all([
        queue.enqueue([{ webhookId: a.id, eventId: 'presence:u1:2000', body: '{}' }], 2_000),
        slower.enqueue([{ webhookId: a.id, eventId: 'presence:u1:2000', body: '{}' }], 2_000),
      ]);
      expect(events(await slower.claimDue(2_000, 10, CLAIM_MS))).toEqual(['presence:u1:2000']);
      expect(await queue.prune(1_100)).toBe(0); // the attempt and the delivered row of 1_100 stay
      expect(await queue.prune(1_101)).toBe(1);
      await slower.enqueue([{ webhookId: a.id, eventId: 'presence:u1:1000', body: '{}' }], 3_000);
      expect(events(await slower.claimDue(3_000, 10, CLAIM_MS))).toEqual(['presence:u1:1000']);
    });

    it("after a claim lapsed and another node took it, the first node's failure does not move it, a success does", async () => {
      const other = await another();
      const a = await queue.create(hook());
      await queue.enqueue(
        [
          { webhookId: a.id, eventId: 'e1', body: '{}' },
          { webhookId: a.id, eventId: 'e2', body: '{}' },
        ],
        1_000,
      );
      const mine = await queue.claimDue(1_000, 10, CLAIM_MS);
      const theirs = await other.claimDue(1_000 + CLAIM_MS, 10, CLAIM_MS);
      expect(events(theirs)).toEqual(['e1', 'e2']);
      const [e1, e2] = mine;
      if (!e1 || !e2) throw new Error('not claimed');
      await queue.record([failed(e1, 1_000 + CLAIM_MS + 10, 99_000), delivered(e2, 1_000 + CLAIM_MS + 10)]);
      // e1 is still the other node's, unchanged; e2 is delivered: the other node's outcome moves nothing.
      const [e1Theirs, e2Theirs] = theirs;
      if (!e1Theirs || !e2Theirs) throw new Error('not claimed');
      await other.record([failed(e2Theirs, 1_000 + CLAIM_MS + 20, 40_000)]);
      expect((await queue.list())[0]).toMatchObject({ pending: 1 });
      await other.record([failed(e1Theirs, 1_000 + CLAIM_MS + 30, 40_000)]);
      expect(events(await queue.claimDue(40_000, 10, CLAIM_MS))).toEqual(['e1']);
      expect((await queue.attempts(a.id, 10)).map((x) => x.attempt)).toEqual([1, 1, 1, 1]);
    });
  });
});

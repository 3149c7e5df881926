import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type ActiveWebhook,
  type DeliveryAttempt,
  type DeliveryKey,
  type DueDelivery,
  failingSinceAfter,
  type NewDelivery,
  type NewWebhook,
  newWebhookId,
  type RecordedAttempt,
  type WebhookQueue,
  type WebhookRecord,
} from '../../webhooks/queue';
import {
  type AttemptRow,
  toActiveWebhook,
  toDeliveryAttempt,
  toWebhookRecord,
  type WebhookRow,
} from '../../webhooks/rows';
import { inTransaction } from './transaction';

interface DueRow {
  webhook_id: string;
  url: string;
  secret: string;
  event_id: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
  insertion_order: number;
}

const WEBHOOK_COLUMNS = `w.id, w.url, w.events, w.secret, w.created_at, w.failing_since, w.disabled_at,
  w.disabled_reason,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.delivered_at IS NULL) AS pending`;

const DEADLOCK = '40P01';
const ENQUEUE_TRIES = 3;

/**
 * The webhook queue in the database several nodes share (migrations 1 and 4). Every node's
 * worker claims due deliveries with `FOR UPDATE SKIP LOCKED` and a claim that ends by itself
 * (`claimed_until`), and records each attempt in the transaction that releases its claim, so a
 * delivery is attempted by one node at a time and never again once a success was recorded.
 */
export class PostgresWebhookQueue implements WebhookQueue {
  /** This queue's claims are marked with it: an outcome only moves a delivery this worker still holds. */
  private readonly claimant = randomBytes(8).toString('hex');

  constructor(private readonly pool: pg.Pool) {}

  async create(input: NewWebhook): Promise<WebhookRecord> {
    const id = newWebhookId();
    await this.pool.query(
      'INSERT INTO webhooks (id, url, events, secret, created_at) VALUES ($1, $2, $3::text[], $4, $5)',
      [id, input.url, input.events, input.secret, input.createdAt],
    );
    return {
      id,
      url: input.url,
      events: [...input.events],
      createdAt: input.createdAt,
      failingSince: null,
      disabledAt: null,
      disabledReason: null,
      pending: 0,
    };
  }

  async list(): Promise<WebhookRecord[]> {
    const result = await this.pool.query<WebhookRow>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks w ORDER BY w.created_at, w.insertion_order`,
    );
    return result.rows.map(toWebhookRecord);
  }

  async active(): Promise<ActiveWebhook[]> {
    const result = await this.pool.query<Pick<WebhookRow, 'id' | 'url' | 'events' | 'secret'>>(
      `SELECT id, url, events, secret FROM webhooks WHERE disabled_at IS NULL
       ORDER BY created_at, insertion_order`,
    );
    return result.rows.map(toActiveWebhook);
  }

  async exists(id: string): Promise<boolean> {
    return ((await this.pool.query('SELECT 1 FROM webhooks WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async remove(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM webhooks WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  /**
   * One statement for the batch. Nodes offering the same events insert them in the same order
   * (every node applies the presence log in one order), so they wait on each other without
   * deadlocking; a deadlock all the same (webhook lists read at different moments) is retried.
   */
  async enqueue(deliveries: readonly NewDelivery[], at: number): Promise<void> {
    if (deliveries.length === 0) return;
    const values = [
      deliveries.map((delivery) => delivery.webhookId),
      deliveries.map((delivery) => delivery.eventId),
      deliveries.map((delivery) => delivery.body),
      at,
    ];
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.pool.query(
          `INSERT INTO webhook_deliveries (webhook_id, event_id, body, next_attempt_at, created_at)
           SELECT u.webhook_id, u.event_id, u.body, $4, $4
           FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u (webhook_id, event_id, body, n)
           JOIN webhooks w ON w.id = u.webhook_id
           ORDER BY u.n
           ON CONFLICT (webhook_id, event_id) DO NOTHING`,
          values,
        );
        return;
      } catch (error) {
        if (attempt >= ENQUEUE_TRIES || !(error instanceof pg.DatabaseError && error.code === DEADLOCK)) {
          throw error;
        }
      }
    }
  }

  async claimDue(now: number, limit: number, claimMs: number): Promise<DueDelivery[]> {
    if (limit <= 0) return [];
    const result = await this.pool.query<DueRow>(
      `WITH due AS (
         SELECT d.webhook_id, d.event_id
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.delivered_at IS NULL AND d.next_attempt_at <= $1
           AND (d.claimed_until IS NULL OR d.claimed_until <= $1) AND w.disabled_at IS NULL
         ORDER BY d.next_attempt_at, d.insertion_order
         LIMIT $2
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET claimed_by = $3, claimed_until = $4
       FROM due, webhooks w
       WHERE d.webhook_id = due.webhook_id AND d.event_id = due.event_id AND w.id = d.webhook_id
       RETURNING d.webhook_id, w.url, w.secret, d.event_id, d.body, d.attempts, d.next_attempt_at,
         d.insertion_order`,
      [now, limit, this.claimant, now + claimMs],
    );
    return result.rows
      .sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.insertion_order - b.insertion_order)
      .map((row) => ({
        webhookId: row.webhook_id,
        url: row.url,
        secret: row.secret,
        eventId: row.event_id,
        body: row.body,
        attempts: row.attempts,
      }));
  }

  async release(deliveries: readonly DeliveryKey[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.pool.query(
      `UPDATE webhook_deliveries d SET claimed_by = NULL, claimed_until = NULL
       FROM unnest($1::text[], $2::text[]) AS u (webhook_id, event_id)
       WHERE d.webhook_id = u.webhook_id AND d.event_id = u.event_id AND d.claimed_by = $3`,
      [deliveries.map((d) => d.webhookId), deliveries.map((d) => d.eventId), this.claimant],
    );
  }

  /**
   * Locks the batch's webhooks first (`FOR NO KEY UPDATE`, in id order, so concurrent batches
   * of two nodes queue up rather than deadlock, and a removal cannot slip in), then logs the
   * attempts, moves the deliveries still claimed by this worker and sets each webhook's
   * `failing_since` as the batch leaves it. The attempts of a webhook removed meanwhile are dropped.
   */
  async record(attempts: readonly RecordedAttempt[]): Promise<Array<number | null>> {
    if (attempts.length === 0) return [];
    const webhookIds = [...new Set(attempts.map(({ outcome }) => outcome.webhookId))];
    return inTransaction(this.pool, async (client) => {
      const locked = await client.query<{ id: string; failing_since: number | null }>(
        'SELECT id, failing_since FROM webhooks WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE',
        [webhookIds],
      );
      const before = new Map(locked.rows.map((row) => [row.id, row.failing_since]));
      const kept = attempts.filter(({ outcome }) => before.has(outcome.webhookId));
      await this.logAttempts(client, kept);
      await this.moveDeliveries(client, kept);
      const after = new Map<RecordedAttempt, number | null>();
      const finalSince = new Map<string, number | null>();
      for (const [id, since] of before) {
        const ofWebhook = kept.filter(({ outcome }) => outcome.webhookId === id);
        const replayed = failingSinceAfter(since, ofWebhook);
        for (const [index, attempt] of ofWebhook.entries()) after.set(attempt, replayed[index] ?? null);
        if (ofWebhook.length > 0) finalSince.set(id, replayed.at(-1) ?? null);
      }
      await client.query(
        `UPDATE webhooks w SET failing_since = u.since
         FROM unnest($1::text[], $2::bigint[]) AS u (id, since) WHERE w.id = u.id`,
        [[...finalSince.keys()], [...finalSince.values()]],
      );
      return attempts.map((attempt) => (attempt.retryAt === null ? null : (after.get(attempt) ?? null)));
    });
  }

  async prune(before: number): Promise<number> {
    const attempts = await this.pool.query('DELETE FROM webhook_attempts WHERE at < $1', [before]);
    await this.pool.query('DELETE FROM webhook_deliveries WHERE delivered_at < $1', [before]);
    return attempts.rowCount ?? 0;
  }

  async disable(id: string, at: number, reason: string): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE webhooks SET disabled_at = $1, disabled_reason = $2 WHERE id = $3 AND disabled_at IS NULL',
      [at, reason, id],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async attempts(webhookId: string, limit: number): Promise<DeliveryAttempt[]> {
    const result = await this.pool.query<AttemptRow>(
      `SELECT event_id, attempt, status, at, duration_ms, error FROM webhook_attempts
       WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2`,
      [webhookId, limit],
    );
    return result.rows.map(toDeliveryAttempt);
  }

  private async logAttempts(client: pg.PoolClient, attempts: readonly RecordedAttempt[]): Promise<void> {
    const outcomes = attempts.map(({ outcome }) => outcome);
    await client.query(
      `INSERT INTO webhook_attempts (webhook_id, event_id, attempt, status, at, duration_ms, error)
       SELECT webhook_id, event_id, attempt, status, at, duration_ms, error
       FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[], $6::int[], $7::text[])
         WITH ORDINALITY AS u (webhook_id, event_id, attempt, status, at, duration_ms, error, n)
       ORDER BY n`,
      [
        outcomes.map((o) => o.webhookId),
        outcomes.map((o) => o.eventId),
        outcomes.map((o) => o.attempt),
        outcomes.map((o) => o.status),
        outcomes.map((o) => o.at),
        outcomes.map((o) => o.durationMs),
        outcomes.map((o) => o.error),
      ],
    );
  }

  /**
   * A success marks its delivery delivered, a failure reschedules it; either releases the claim.
   * A failure moves only a delivery this worker still holds (its claim may have lapsed and another
   * node taken it); a success counts whoever holds it, so no node sends it again.
   */
  private async moveDeliveries(client: pg.PoolClient, attempts: readonly RecordedAttempt[]): Promise<void> {
    await client.query(
      `UPDATE webhook_deliveries d SET
         attempts = u.attempt,
         next_attempt_at = coalesce(u.retry_at, d.next_attempt_at),
         delivered_at = CASE WHEN u.retry_at IS NULL THEN u.at END,
         claimed_by = NULL,
         claimed_until = NULL
       FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::bigint[])
         AS u (webhook_id, event_id, attempt, at, retry_at)
       WHERE d.webhook_id = u.webhook_id AND d.event_id = u.event_id
         AND d.delivered_at IS NULL AND (d.claimed_by = $6 OR u.retry_at IS NULL)`,
      [
        attempts.map(({ outcome }) => outcome.webhookId),
        attempts.map(({ outcome }) => outcome.eventId),
        attempts.map(({ outcome }) => outcome.attempt),
        attempts.map(({ outcome }) => outcome.at),
        attempts.map(({ retryAt }) => retryAt),
        this.claimant,
      ],
    );
  }
}

import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  type ActiveWebhook,
  type AttemptOutcome,
  type DeliveryAttempt,
  type DueDelivery,
  type NewDelivery,
  type NewWebhook,
  newWebhookId,
  type RecordedAttempt,
  type WebhookRecord,
} from './queue';
import {
  type AttemptRow,
  toActiveWebhook,
  toDeliveryAttempt,
  toWebhookRecord,
  type WebhookRow,
} from './rows';

interface DueRow {
  webhook_id: string;
  url: string;
  secret: string;
  event_id: string;
  body: string;
  attempts: number;
}

/**
 * The webhook tables of migration 5, on a connection of its own (the server's delivery worker
 * and the admin CLI each open one; SQLite's WAL mode lets them share the file). Synchronous;
 * `SqliteWebhookQueue` puts the async `WebhookQueue` port over it.
 */
export class SqliteWebhookRepository {
  private readonly insertWebhook: Statement<[string, string, string, string, number]>;
  private readonly selectAll: Statement<[], WebhookRow>;
  private readonly selectActive: Statement<[], WebhookRow>;
  private readonly deleteWebhook: Statement<[string]>;
  private readonly insertDelivery: Statement<[string, string, string, number, number, string]>;
  private readonly selectDue: Statement<[number, number], DueRow>;
  private readonly insertAttempt: Statement<
    [string, string, number, number | null, number, number, string | null]
  >;
  private readonly deleteDelivery: Statement<[string, string]>;
  private readonly retryDelivery: Statement<[number, number, string, string]>;
  private readonly markHealthy: Statement<[string]>;
  private readonly markFailing: Statement<[number, string], { failing_since: number }>;
  private readonly disableWebhook: Statement<[number, string, string]>;
  private readonly selectAttempts: Statement<[string, number], AttemptRow>;
  private readonly selectExists: Statement<[string], { id: string }>;
  private readonly deleteAttemptsBefore: Statement<[number]>;
  private readonly recordInTransaction: Transaction<
    (outcomes: readonly RecordedAttempt[]) => Array<number | null>
  >;

  constructor(private readonly db: Database) {
    this.insertWebhook = db.prepare(
      'INSERT INTO webhooks (id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const columns = `w.id, w.url, w.events, w.secret, w.created_at, w.failing_since, w.disabled_at,
      w.disabled_reason, (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id) AS pending`;
    this.selectAll = db.prepare(`SELECT ${columns} FROM webhooks w ORDER BY w.created_at, w.rowid`);
    this.selectActive = db.prepare(
      `SELECT ${columns} FROM webhooks w WHERE w.disabled_at IS NULL ORDER BY w.created_at, w.rowid`,
    );
    this.deleteWebhook = db.prepare('DELETE FROM webhooks WHERE id = ?');
    // A webhook removed since the worker read the list is skipped, not a failed batch.
    this.insertDelivery = db.prepare(
      `INSERT OR IGNORE INTO webhook_deliveries (webhook_id, event_id, body, next_attempt_at, created_at)
       SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = ?)`,
    );
    this.selectDue = db.prepare(
      `SELECT d.webhook_id, w.url, w.secret, d.event_id, d.body, d.attempts
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.next_attempt_at <= ? AND w.disabled_at IS NULL
       ORDER BY d.next_attempt_at, d.rowid LIMIT ?`,
    );
    this.insertAttempt = db.prepare(
      `INSERT INTO webhook_attempts (webhook_id, event_id, attempt, status, at, duration_ms, error)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteDelivery = db.prepare('DELETE FROM webhook_deliveries WHERE webhook_id = ? AND event_id = ?');
    this.retryDelivery = db.prepare(
      'UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ? WHERE webhook_id = ? AND event_id = ?',
    );
    this.markHealthy = db.prepare('UPDATE webhooks SET failing_since = NULL WHERE id = ?');
    this.markFailing = db.prepare(
      'UPDATE webhooks SET failing_since = COALESCE(failing_since, ?) WHERE id = ? RETURNING failing_since',
    );
    this.disableWebhook = db.prepare(
      'UPDATE webhooks SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL',
    );
    this.selectAttempts = db.prepare(
      `SELECT event_id, attempt, status, at, duration_ms, error FROM webhook_attempts
       WHERE webhook_id = ? ORDER BY id DESC LIMIT ?`,
    );
    this.selectExists = db.prepare('SELECT id FROM webhooks WHERE id = ?');
    this.deleteAttemptsBefore = db.prepare('DELETE FROM webhook_attempts WHERE at < ?');
    this.recordInTransaction = db.transaction((outcomes: readonly RecordedAttempt[]) =>
      outcomes.map(({ outcome, retryAt }) => this.recordOne(outcome, retryAt)),
    );
  }

  create(input: NewWebhook): WebhookRecord {
    const id = newWebhookId();
    this.insertWebhook.run(id, input.url, input.events.join(' '), input.secret, input.createdAt);
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

  /** Every webhook, never its secret. */
  list(): WebhookRecord[] {
    return this.selectAll.all().map(toWebhookRecord);
  }

  active(): ActiveWebhook[] {
    return this.selectActive.all().map(toActiveWebhook);
  }

  exists(id: string): boolean {
    return this.selectExists.get(id) !== undefined;
  }

  /** Removes the webhook with its queue and log; false when there is none with that id. */
  remove(id: string): boolean {
    return this.deleteWebhook.run(id).changes > 0;
  }

  /** Queues deliveries in one transaction; a repeat of (webhook, event), or a removed webhook's, is ignored. */
  enqueue(deliveries: readonly NewDelivery[], at: number): void {
    this.db.transaction(() => {
      for (const delivery of deliveries) {
        this.insertDelivery.run(
          delivery.webhookId,
          delivery.eventId,
          delivery.body,
          at,
          at,
          delivery.webhookId,
        );
      }
    })();
  }

  due(now: number, limit: number): DueDelivery[] {
    return this.selectDue.all(now, limit).map((row) => ({
      webhookId: row.webhook_id,
      url: row.url,
      secret: row.secret,
      eventId: row.event_id,
      body: row.body,
      attempts: row.attempts,
    }));
  }

  /**
   * Logs a batch of attempts in one transaction (one fsync for all): a success takes its
   * delivery off the queue, a failure reschedules it at its `retryAt`. Returns, for each
   * failure in order, when its webhook began failing (null for a success).
   */
  record(outcomes: readonly RecordedAttempt[]): Array<number | null> {
    return this.recordInTransaction(outcomes);
  }

  private recordOne(outcome: AttemptOutcome, retryAt: number | null): number | null {
    this.logAttempt(outcome);
    if (retryAt === null) {
      this.deleteDelivery.run(outcome.webhookId, outcome.eventId);
      this.markHealthy.run(outcome.webhookId);
      return null;
    }
    this.retryDelivery.run(outcome.attempt, retryAt, outcome.webhookId, outcome.eventId);
    return this.markFailing.get(outcome.at, outcome.webhookId)?.failing_since ?? outcome.at;
  }

  /** Deletes the delivery log's attempts older than `before`; how many went. */
  pruneAttempts(before: number): number {
    return this.deleteAttemptsBefore.run(before).changes;
  }

  disable(id: string, at: number, reason: string): boolean {
    return this.disableWebhook.run(at, reason, id).changes > 0;
  }

  /** The newest `limit` attempts, newest first. */
  attempts(webhookId: string, limit: number): DeliveryAttempt[] {
    return this.selectAttempts.all(webhookId, limit).map(toDeliveryAttempt);
  }

  private logAttempt(outcome: AttemptOutcome): void {
    this.insertAttempt.run(
      outcome.webhookId,
      outcome.eventId,
      outcome.attempt,
      outcome.status,
      outcome.at,
      outcome.durationMs,
      outcome.error,
    );
  }
}

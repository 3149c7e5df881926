import {
  type ActiveWebhook,
  type DeliveryAttempt,
  type DeliveryKey,
  type DueDelivery,
  deliveryKey,
  type NewDelivery,
  type NewWebhook,
  type RecordedAttempt,
  type WebhookQueue,
  type WebhookRecord,
} from './queue';
import type { SqliteWebhookRepository } from './repository';

/**
 * The `WebhookQueue` port over the SQLite file's synchronous repository. One server process
 * delivers from a SQLite file (the admin CLI only changes the webhooks), so claims are kept in
 * this process's memory: the tables stay those of SQLite migration 5.
 */
export class SqliteWebhookQueue implements WebhookQueue {
  /** Claimed deliveries' keys → until when. */
  private readonly claims = new Map<string, number>();

  constructor(private readonly repository: SqliteWebhookRepository) {}

  async create(input: NewWebhook): Promise<WebhookRecord> {
    return this.repository.create(input);
  }

  async list(): Promise<WebhookRecord[]> {
    return this.repository.list();
  }

  async active(): Promise<ActiveWebhook[]> {
    return this.repository.active();
  }

  async exists(id: string): Promise<boolean> {
    return this.repository.exists(id);
  }

  async remove(id: string): Promise<boolean> {
    return this.repository.remove(id);
  }

  async enqueue(deliveries: readonly NewDelivery[], at: number): Promise<void> {
    this.repository.enqueue(deliveries, at);
  }

  async claimDue(now: number, limit: number, claimMs: number): Promise<DueDelivery[]> {
    for (const [key, until] of this.claims) if (until <= now) this.claims.delete(key);
    const due = this.repository
      .due(now, limit + this.claims.size)
      .filter((delivery) => !this.claims.has(deliveryKey(delivery)))
      .slice(0, limit);
    for (const delivery of due) this.claims.set(deliveryKey(delivery), now + claimMs);
    return due;
  }

  async release(deliveries: readonly DeliveryKey[]): Promise<void> {
    for (const delivery of deliveries) this.claims.delete(deliveryKey(delivery));
  }

  async record(attempts: readonly RecordedAttempt[]): Promise<Array<number | null>> {
    try {
      return this.repository.record(attempts);
    } finally {
      // A failed transaction wrote nothing: the deliveries are due again as they were.
      for (const { outcome } of attempts) this.claims.delete(deliveryKey(outcome));
    }
  }

  async prune(before: number): Promise<number> {
    return this.repository.pruneAttempts(before);
  }

  async disable(id: string, at: number, reason: string): Promise<boolean> {
    return this.repository.disable(id, at, reason);
  }

  async attempts(webhookId: string, limit: number): Promise<DeliveryAttempt[]> {
    return this.repository.attempts(webhookId, limit);
  }
}

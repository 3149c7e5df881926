import type { BeaconEvent, EventBus } from '../events/bus';
import type { Logger } from '../logger';
import { type BackoffOptions, retryDelayMs } from './backoff';
import { WebhookEventIds } from './event-id';
import {
  type ActiveWebhook,
  type AttemptOutcome,
  type DueDelivery,
  deliveryKey,
  type NewDelivery,
  type WebhookQueue,
} from './queue';
import { sendDelivery } from './send';

export interface WebhookWorkerOptions {
  backoff: BackoffOptions;
  /** How often the queue and the webhook list are re-read (default 500 ms: CLI changes apply within a second). */
  pollMs: number;
  /** A webhook failing without a success for this long is disabled (default 24 h). */
  disableAfterMs: number;
  /** Deliveries in flight at once, over all webhooks. */
  concurrency: number;
  /** A receiver taking longer than this fails the attempt. */
  timeoutMs: number;
  /** How long the delivery log keeps an attempt (default 7 days). */
  logRetentionMs: number;
  /**
   * How long a claimed delivery stays with this node (default 30 s; longer than `timeoutMs`):
   * on several nodes, one that dies mid-attempt leaves it to the others after this.
   */
  claimMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookWorkerOptions = {
  backoff: { baseMs: 10_000, maxMs: 60 * 60 * 1000 },
  pollMs: 500,
  disableAfterMs: 24 * 60 * 60 * 1000,
  concurrency: 64,
  timeoutMs: 10_000,
  logRetentionMs: 7 * 24 * 60 * 60 * 1000,
  claimMs: 30_000,
};

/** How often the delivery log is pruned of attempts older than `logRetentionMs`. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

interface FinishedAttempt {
  delivery: DueDelivery;
  outcome: AttemptOutcome;
  /** When to try again; null: delivered. */
  retryAt: number | null;
}

/**
 * Turns bus events into queued deliveries and delivers the queue. Both run off the socket
 * handlers' path: bus subscribers run after the handler, and the store writes are batched
 * per turn of the event loop (the events of a turn are queued in one transaction, the
 * attempts that finished in a turn are logged in one), so the number of fsyncs does not grow
 * with the delivery rate. The queue lives in the store, so a restart resumes it; a delivery
 * leaves it only once the receiver answered 2xx and that was committed (at least once: a
 * receiver deduplicates by the event id). A finished attempt frees its slot for the next due
 * delivery at once; the timer only catches retries coming due and changes made by the CLI.
 *
 * Several nodes may run a worker on one queue (PostgreSQL): each offers the deliveries of the
 * events its bus carries under ids every node derives alike (`event-id.ts`), so the queue keeps
 * one of each, and each claims what it attempts (`WebhookQueue.claimDue`).
 */
export class WebhookWorker {
  private webhooks: ActiveWebhook[] = [];
  private queued: BeaconEvent[] = [];
  private readonly inFlight = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;
  /** The queueing of the events received so far, one batch after another; null when idle. */
  private flushing: Promise<void> | null = null;
  private finished: FinishedAttempt[] = [];
  private recordScheduled = false;
  private lastPruneAt = 0;
  private readonly eventIds = new WebhookEventIds();
  /** The first read of the webhooks: events are matched against the list only once it is in. */
  private readonly loaded: Promise<void>;
  private ticking = false;
  /** The claim in progress (one at a time, so the slots are counted right); null when idle. */
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  private readonly deliveries = new Set<Promise<void>>();
  /** Store work other than claims and attempts (ticks, records): close waits for it. */
  private readonly work = new Set<Promise<unknown>>();
  /** Aborts the attempts in flight at close: they count as failed and are retried after the restart. */
  private readonly closing = new AbortController();

  constructor(
    private readonly queue: WebhookQueue,
    bus: EventBus,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly options: WebhookWorkerOptions = DEFAULT_WEBHOOK_OPTIONS,
  ) {
    this.loaded = this.reloadWebhooks();
    this.unsubscribe = bus.subscribe((event) => this.onEvent(event));
    this.timer = setInterval(() => this.tick(), options.pollMs);
    this.timer.unref();
    this.track(this.loaded.then(() => this.deliverDue()));
  }

  /** Stops taking events and waits for the attempts in flight; what is queued stays queued. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.unsubscribe();
    await this.flushing;
    if (this.queued.length > 0) await this.flushQueued();
    await this.claiming;
    this.closing.abort();
    await Promise.allSettled([...this.deliveries]);
    await this.recordFinished();
    await Promise.allSettled([...this.work]);
  }

  private onEvent(event: BeaconEvent): void {
    if (this.closed) return;
    this.queued.push(event);
    if (this.flushing) return; // the running batch's loop takes it next
    this.flushing = (async () => {
      await new Promise((resolve) => setImmediate(resolve)); // the rest of this turn's events
      while (this.queued.length > 0) {
        // Only a new delivery can be due before the next tick: most events (messages outside bot
        // conversations) queue none, and reading the queue after each would cost a query per turn.
        if ((await this.flushQueued()) > 0) this.deliverDue();
      }
    })().finally(() => {
      this.flushing = null;
    });
  }

  /** Queues the deliveries of the events received since; returns how many. */
  private async flushQueued(): Promise<number> {
    await this.loaded;
    const events = this.queued;
    this.queued = [];
    const rows: NewDelivery[] = [];
    for (const event of events) {
      // Every event advances the ids, delivered or not: they must count alike on every node.
      const eventId = this.eventIds.idOf(event);
      // Messages go only to bot conversations' webhooks (docs/integrations.md, "Webhooks").
      if ((event.type === 'message.created' || event.type === 'message.updated') && !event.data.hasBot)
        continue;
      const subscribed = this.webhooks.filter((webhook) => webhook.events.includes(event.type));
      if (subscribed.length === 0) continue;
      const body = JSON.stringify({
        id: eventId,
        type: event.type,
        createdAt: event.createdAt,
        data: event.data,
      });
      for (const webhook of subscribed) rows.push({ webhookId: webhook.id, eventId, body });
    }
    if (rows.length === 0) return 0;
    try {
      await this.queue.enqueue(rows, this.now());
    } catch (error) {
      this.logger.error({ err: error, deliveries: rows.length }, 'queueing webhook deliveries failed');
      return 0;
    }
    return rows.length;
  }

  private tick(): void {
    if (this.closed || this.ticking) return;
    this.ticking = true;
    this.track(
      (async () => {
        await this.reloadWebhooks();
        this.deliverDue();
        await this.pruneLog();
      })().finally(() => {
        this.ticking = false;
      }),
    );
  }

  private async pruneLog(): Promise<void> {
    const now = this.now();
    if (now - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now;
    try {
      await this.queue.prune(now - this.options.logRetentionMs);
    } catch (error) {
      this.logger.error({ err: error }, 'pruning the webhook delivery log failed');
    }
  }

  private async reloadWebhooks(): Promise<void> {
    try {
      this.webhooks = await this.queue.active();
    } catch (error) {
      this.logger.error({ err: error }, 'reading the webhooks failed');
    }
  }

  private deliverDue(): void {
    if (this.closed) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claimAndAttempt().finally(() => {
      this.claiming = null;
      if (!this.claimAgain) return;
      this.claimAgain = false;
      this.deliverDue();
    });
  }

  /** Claims as many due deliveries as there are free slots and starts an attempt of each. */
  private async claimAndAttempt(): Promise<void> {
    const room = this.options.concurrency - this.inFlight.size;
    if (room <= 0) return;
    let due: DueDelivery[];
    try {
      due = await this.queue.claimDue(this.now(), room, this.options.claimMs);
    } catch (error) {
      this.logger.error({ err: error }, 'reading the webhook queue failed');
      return;
    }
    if (this.closed) {
      await this.queue.release(due).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'releasing claimed webhook deliveries failed');
      });
      return;
    }
    for (const delivery of due) {
      const key = deliveryKey(delivery);
      if (this.inFlight.has(key)) continue;
      this.inFlight.add(key);
      const attempt = this.attempt(delivery).finally(() => {
        this.deliveries.delete(attempt);
      });
      this.deliveries.add(attempt);
    }
  }

  private track(work: Promise<unknown>): void {
    this.work.add(work);
    void work.finally(() => this.work.delete(work));
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const outcome = await sendDelivery(delivery, {
      timeoutMs: this.options.timeoutMs,
      closing: this.closing.signal,
      now: this.now,
    });
    const retryAt =
      outcome.error === null ? null : outcome.at + retryDelayMs(outcome.attempt, this.options.backoff);
    this.finished.push({ delivery, outcome, retryAt });
    if (this.recordScheduled) return;
    this.recordScheduled = true;
    setImmediate(() => this.track(this.recordFinished()));
  }

  /**
   * Logs the attempts finished so far in one transaction, which also releases their claims,
   * then frees their slots. A slot is freed only after the commit, so a delivered row still
   * queued is never picked up again.
   */
  private async recordFinished(): Promise<void> {
    this.recordScheduled = false;
    const batch = this.finished;
    if (batch.length === 0) return;
    this.finished = [];
    let failingSince: Array<number | null> = [];
    try {
      failingSince = await this.queue.record(batch);
    } catch (storeError) {
      // Nothing of the batch was written: each delivery stays queued as it was and is retried
      // (on PostgreSQL once its claim ended).
      this.logger.error({ err: storeError, attempts: batch.length }, 'recording webhook attempts failed');
    }
    for (const [index, { delivery, outcome }] of batch.entries()) {
      const since = failingSince[index];
      if (since != null && outcome.at - since >= this.options.disableAfterMs)
        await this.disable(delivery, since);
    }
    for (const { delivery } of batch) this.inFlight.delete(deliveryKey(delivery));
    this.deliverDue();
  }

  private async disable(delivery: DueDelivery, failingSince: number): Promise<void> {
    const hours = Math.round((this.now() - failingSince) / 3_600_000);
    const reason = `every attempt failed for ${hours} h (since ${new Date(failingSince).toISOString()})`;
    let disabled: boolean;
    try {
      disabled = await this.queue.disable(delivery.webhookId, this.now(), reason);
    } catch (error) {
      this.logger.error({ err: error, webhook: delivery.webhookId }, 'disabling a webhook failed');
      return;
    }
    if (!disabled) return;
    this.webhooks = this.webhooks.filter((webhook) => webhook.id !== delivery.webhookId);
    this.logger.warn(
      { webhook: delivery.webhookId, url: delivery.url, failingSince },
      `webhook disabled: ${reason}; its queued deliveries are kept`,
    );
  }
}

import type { BeaconEvent, EventBus } from '../events/bus';
import type { Logger } from '../logger';
import { type BackoffOptions, retryDelayMs } from './backoff';
import type { ActiveWebhook, AttemptOutcome, DueDelivery, SqliteWebhookRepository } from './repository';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

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
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookWorkerOptions = {
  backoff: { baseMs: 10_000, maxMs: 60 * 60 * 1000 },
  pollMs: 500,
  disableAfterMs: 24 * 60 * 60 * 1000,
  concurrency: 64,
  timeoutMs: 10_000,
  logRetentionMs: 7 * 24 * 60 * 60 * 1000,
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
 */
export class WebhookWorker {
  private webhooks: ActiveWebhook[] = [];
  private queued: BeaconEvent[] = [];
  private readonly inFlight = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;
  private enqueueScheduled = false;
  private finished: FinishedAttempt[] = [];
  private recordScheduled = false;
  private lastPruneAt = 0;
  private readonly deliveries = new Set<Promise<void>>();
  /** Aborts the attempts in flight at close: they count as failed and are retried after the restart. */
  private readonly closing = new AbortController();

  constructor(
    private readonly repository: SqliteWebhookRepository,
    bus: EventBus,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly options: WebhookWorkerOptions = DEFAULT_WEBHOOK_OPTIONS,
  ) {
    this.reloadWebhooks();
    this.unsubscribe = bus.subscribe((event) => this.onEvent(event));
    this.timer = setInterval(() => this.tick(), options.pollMs);
    this.timer.unref();
    setImmediate(() => this.tick());
  }

  /** Stops taking events and waits for the attempts in flight; what is queued stays queued. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flushQueued();
    this.closed = true;
    clearInterval(this.timer);
    this.unsubscribe();
    this.closing.abort();
    await Promise.allSettled([...this.deliveries]);
    this.recordFinished();
  }

  private onEvent(event: BeaconEvent): void {
    if (this.closed) return;
    this.queued.push(event);
    if (this.enqueueScheduled) return;
    this.enqueueScheduled = true;
    setImmediate(() => {
      this.enqueueScheduled = false;
      this.flushQueued();
      this.deliverDue();
    });
  }

  private flushQueued(): void {
    const events = this.queued;
    this.queued = [];
    const rows: Array<{ webhookId: string; eventId: string; body: string }> = [];
    for (const event of events) {
      // Messages go only to bot conversations' webhooks (docs/integrations.md, "Webhooks").
      if ((event.type === 'message.created' || event.type === 'message.updated') && !event.data.hasBot)
        continue;
      const subscribed = this.webhooks.filter((webhook) => webhook.events.includes(event.type));
      if (subscribed.length === 0) continue;
      const body = JSON.stringify({
        id: String(event.id),
        type: event.type,
        createdAt: event.createdAt,
        data: event.data,
      });
      for (const webhook of subscribed) rows.push({ webhookId: webhook.id, eventId: String(event.id), body });
    }
    if (rows.length === 0) return;
    try {
      this.repository.enqueue(rows, this.now());
    } catch (error) {
      this.logger.error({ err: error, deliveries: rows.length }, 'queueing webhook deliveries failed');
    }
  }

  private tick(): void {
    if (this.closed) return;
    this.reloadWebhooks();
    this.deliverDue();
    this.pruneLog();
  }

  private pruneLog(): void {
    const now = this.now();
    if (now - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now;
    try {
      this.repository.pruneAttempts(now - this.options.logRetentionMs);
    } catch (error) {
      this.logger.error({ err: error }, 'pruning the webhook delivery log failed');
    }
  }

  private reloadWebhooks(): void {
    try {
      this.webhooks = this.repository.active();
    } catch (error) {
      this.logger.error({ err: error }, 'reading the webhooks failed');
    }
  }

  private deliverDue(): void {
    if (this.closed) return;
    const room = this.options.concurrency - this.inFlight.size;
    if (room <= 0) return;
    let due: DueDelivery[];
    try {
      due = this.repository.due(this.now(), room + this.inFlight.size);
    } catch (error) {
      this.logger.error({ err: error }, 'reading the webhook queue failed');
      return;
    }
    for (const delivery of due) {
      const key = keyOf(delivery);
      if (this.inFlight.has(key) || this.inFlight.size >= this.options.concurrency) continue;
      this.inFlight.add(key);
      const attempt = this.attempt(delivery).finally(() => {
        this.deliveries.delete(attempt);
      });
      this.deliveries.add(attempt);
    }
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    const startedAt = this.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Beacon-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(delivery.secret, delivery.body, Math.floor(startedAt / 1000)),
        },
        body: delivery.body,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.closing.signal]),
        redirect: 'manual',
      });
      status = response.status;
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (caught) {
      error = describeFetchError(caught, this.options.timeoutMs);
    }
    const at = this.now();
    const outcome: AttemptOutcome = {
      webhookId: delivery.webhookId,
      eventId: delivery.eventId,
      attempt,
      status,
      at,
      durationMs: at - startedAt,
      error,
    };
    const retryAt = error === null ? null : at + retryDelayMs(attempt, this.options.backoff);
    this.finished.push({ delivery, outcome, retryAt });
    if (this.recordScheduled) return;
    this.recordScheduled = true;
    setImmediate(() => this.recordFinished());
  }

  /**
   * Logs the attempts finished so far in one transaction, then frees their slots. A slot is
   * freed only after the commit, so a delivered row still on disk is never picked up again.
   */
  private recordFinished(): void {
    this.recordScheduled = false;
    const batch = this.finished;
    if (batch.length === 0) return;
    this.finished = [];
    try {
      const failingSince = this.repository.record(batch);
      for (const [index, { delivery, outcome }] of batch.entries()) {
        const since = failingSince[index];
        if (since != null && outcome.at - since >= this.options.disableAfterMs) this.disable(delivery, since);
      }
    } catch (storeError) {
      // Nothing of the batch was written: each delivery stays queued as it was and is retried.
      this.logger.error({ err: storeError, attempts: batch.length }, 'recording webhook attempts failed');
    }
    for (const { delivery } of batch) this.inFlight.delete(keyOf(delivery));
    this.deliverDue();
  }

  private disable(delivery: DueDelivery, failingSince: number): void {
    const hours = Math.round((this.now() - failingSince) / 3_600_000);
    const reason = `every attempt failed for ${hours} h (since ${new Date(failingSince).toISOString()})`;
    if (!this.repository.disable(delivery.webhookId, this.now(), reason)) return;
    this.webhooks = this.webhooks.filter((webhook) => webhook.id !== delivery.webhookId);
    this.logger.warn(
      { webhook: delivery.webhookId, url: delivery.url, failingSince },
      `webhook disabled: ${reason}; its queued deliveries are kept`,
    );
  }
}

const keyOf = (delivery: DueDelivery) => `${delivery.webhookId} ${delivery.eventId}`;

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    if (error.name === 'AbortError') return 'aborted: the server was shutting down';
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}

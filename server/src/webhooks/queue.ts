import { randomBytes } from 'node:crypto';
import type { EventType } from '../events/bus';

/** A webhook the worker delivers to. */
export interface ActiveWebhook {
  id: string;
  url: string;
  events: EventType[];
  secret: string;
}

/** A webhook as listed, never with its secret. */
export interface WebhookRecord extends Omit<ActiveWebhook, 'secret'> {
  createdAt: number;
  /** When the current run of consecutive failures began; null when the last attempt succeeded. */
  failingSince: number | null;
  disabledAt: number | null;
  disabledReason: string | null;
  /** Deliveries still queued. */
  pending: number;
}

export type NewWebhook = Pick<WebhookRecord, 'url' | 'events' | 'createdAt'> & Pick<ActiveWebhook, 'secret'>;

/** A delivery claimed for one attempt: the webhook's URL and secret with the queued body. */
export interface DueDelivery {
  webhookId: string;
  url: string;
  secret: string;
  eventId: string;
  /** The exact JSON body; signed anew at each attempt. */
  body: string;
  /** Attempts made so far. */
  attempts: number;
}

/** One queued delivery: a webhook and an event, queued once however often it is offered. */
export type DeliveryKey = Pick<DueDelivery, 'webhookId' | 'eventId'>;
export type NewDelivery = DeliveryKey & Pick<DueDelivery, 'body'>;

export interface DeliveryAttempt {
  eventId: string;
  attempt: number;
  /** The receiver's HTTP status; null when it gave none (refused, timed out). */
  status: number | null;
  at: number;
  durationMs: number;
  error: string | null;
}

export type AttemptOutcome = DeliveryAttempt & Pick<DueDelivery, 'webhookId'>;

/** A finished attempt to record; `retryAt` null: delivered. */
export interface RecordedAttempt {
  outcome: AttemptOutcome;
  retryAt: number | null;
}

/**
 * The webhooks, their delivery queue and their delivery log, whatever store holds them
 * (`repository.ts` + `sqlite-queue.ts` for the SQLite file, `store/postgres/webhooks.ts` for the
 * database several nodes share).
 *
 * A delivery is attempted by one worker at a time: `claimDue` hands each due delivery to one
 * caller only until `claimMs` have passed (so a node that died mid-attempt leaves it to the others)
 * or `record` / `release` gave it back.
 */
export interface WebhookQueue {
  create(input: NewWebhook): Promise<WebhookRecord>;
  /** Every webhook, oldest first, never its secret. */
  list(): Promise<WebhookRecord[]>;
  /** The webhooks not disabled, oldest first. */
  active(): Promise<ActiveWebhook[]>;
  exists(id: string): Promise<boolean>;
  /** Removes the webhook with its queue and log; false when there is none with that id. */
  remove(id: string): Promise<boolean>;
  /**
   * Queues deliveries due at `at`, in one transaction. A (webhook, event) already queued — on
   * PostgreSQL also one already delivered, until `prune` forgets it — is ignored, and so is a
   * delivery for a webhook removed meanwhile.
   */
  enqueue(deliveries: readonly NewDelivery[], at: number): Promise<void>;
  /** Claims up to `limit` deliveries due at `now` (oldest first) of webhooks not disabled, for `claimMs`. */
  claimDue(now: number, limit: number, claimMs: number): Promise<DueDelivery[]>;
  /** Gives claimed deliveries back unattempted (the worker is closing). */
  release(deliveries: readonly DeliveryKey[]): Promise<void>;
  /**
   * Logs a batch of attempts in one transaction, which also releases their claims: a success
   * takes its delivery off the queue, a failure reschedules it at its `retryAt`. Returns, for
   * each attempt in order, when its webhook began failing (null for a success).
   */
  record(attempts: readonly RecordedAttempt[]): Promise<Array<number | null>>;
  /** Forgets what is older than `before`: the log's attempts (and delivered deliveries); how many attempts went. */
  prune(before: number): Promise<number>;
  /** False when it was disabled already or does not exist. */
  disable(id: string, at: number, reason: string): Promise<boolean>;
  /** The newest `limit` attempts, newest first. */
  attempts(webhookId: string, limit: number): Promise<DeliveryAttempt[]>;
}

export function newWebhookId(): string {
  return `wh_${randomBytes(6).toString('hex')}`;
}

export const deliveryKey = (delivery: DeliveryKey): string => `${delivery.webhookId} ${delivery.eventId}`;

/**
 * Replays a batch's outcomes on a webhook's `failing_since` as it was before the batch: a
 * success clears it, a failure keeps the earliest. Returns the value after each outcome.
 */
export function failingSinceAfter(
  before: number | null,
  outcomes: readonly RecordedAttempt[],
): Array<number | null> {
  let since = before;
  return outcomes.map(({ outcome, retryAt }) => {
    since = retryAt === null ? null : (since ?? outcome.at);
    return since;
  });
}

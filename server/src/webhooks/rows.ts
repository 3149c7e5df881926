import { type EventType, isEventType } from '../events/bus';
import type { ActiveWebhook, DeliveryAttempt, WebhookRecord } from './queue';

/**
 * The webhook tables' rows as both queues read them (webhooks/repository.ts on SQLite,
 * store/postgres/webhooks.ts), and their mapping to the queue's records: one place for both.
 * `events` is a space-separated text on SQLite and a text[] on PostgreSQL.
 */
export interface WebhookRow {
  id: string;
  url: string;
  events: string | readonly string[];
  secret: string;
  created_at: number;
  failing_since: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
  pending: number;
}

export interface AttemptRow {
  event_id: string;
  attempt: number;
  status: number | null;
  at: number;
  duration_ms: number;
  error: string | null;
}

/** The known event types of a row, in either store's form; unknown names (a newer version's) are dropped. */
export function parseEvents(events: string | readonly string[]): EventType[] {
  return (typeof events === 'string' ? events.split(' ') : events).filter(isEventType);
}

/** Every field but the secret. */
export function toWebhookRecord(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    url: row.url,
    events: parseEvents(row.events),
    createdAt: row.created_at,
    failingSince: row.failing_since,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    pending: row.pending,
  };
}

export function toActiveWebhook(row: Pick<WebhookRow, 'id' | 'url' | 'events' | 'secret'>): ActiveWebhook {
  return { id: row.id, url: row.url, events: parseEvents(row.events), secret: row.secret };
}

export function toDeliveryAttempt(row: AttemptRow): DeliveryAttempt {
  return {
    eventId: row.event_id,
    attempt: row.attempt,
    status: row.status,
    at: row.at,
    durationMs: row.duration_ms,
    error: row.error,
  };
}

import type { BeaconEvent } from '../events/bus';

/** Subjects whose last id is remembered (oldest forgotten first): users and recently changed messages. */
const REMEMBERED_SUBJECTS = 10_000;

/**
 * Webhook event ids derived from the event itself, so that every node gives the same event the
 * same id. The bus's ids cannot serve: they count per process (two nodes hand out the same
 * numbers for different events), and in a cluster every node's bus carries every
 * `presence.changed` (each node applies the whole presence log), so each node offers each
 * presence change to the queue and the (webhook, event id) key must make them one delivery.
 *
 * - `presence:<userId>:<updatedAt>`: every node computes the same `updatedAt` (the log entry's
 *   time) for a change.
 * - `message:<messageId>`, `message:<messageId>:edited:<editedAt>`, `message:<messageId>:deleted`:
 *   a message event is published by the node that wrote it only.
 *
 * Two events of one subject with the same base (a user's presence changing twice within one
 * millisecond, two edits in one) get `:1`, `:2`… in the order the bus carried them: the same
 * order on every node, since they apply the log in one order.
 */
export class WebhookEventIds {
  private readonly last = new Map<string, { base: string; repeats: number }>();

  idOf(event: BeaconEvent): string {
    const { subject, base } = baseOf(event);
    const previous = this.last.get(subject);
    const repeats = previous?.base === base ? previous.repeats + 1 : 0;
    this.last.delete(subject);
    this.last.set(subject, { base, repeats });
    if (this.last.size > REMEMBERED_SUBJECTS) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    return repeats === 0 ? base : `${base}:${repeats}`;
  }
}

function baseOf(event: BeaconEvent): { subject: string; base: string } {
  switch (event.type) {
    case 'presence.changed': {
      const { userId, updatedAt } = event.data.presence;
      return { subject: `presence ${userId}`, base: `presence:${userId}:${updatedAt}` };
    }
    case 'message.created':
      return { subject: `message ${event.data.message.id}`, base: `message:${event.data.message.id}` };
    case 'message.updated': {
      const { message, change } = event.data;
      const base =
        change === 'edited'
          ? `message:${message.id}:edited:${message.editedAt ?? event.createdAt}`
          : `message:${message.id}:deleted`;
      return { subject: `message ${message.id}`, base };
    }
  }
}

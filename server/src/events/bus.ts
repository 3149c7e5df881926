import type { Message, Presence } from '@beacon/protocol';

/** A message event's message with its sender and its conversation's members. */
export interface MessageEventData {
  message: Message;
  sender: { email: string; name: string; kind: 'person' | 'bot' };
  /** The e-mails of the conversation's members. */
  members: string[];
  /** Whether a member is a bot account (webhooks send message events only then). */
  hasBot: boolean;
}

/** What the bus carries; the names are the webhook event types (docs/integrations.md). */
export interface EventPayloads {
  /** The presence others see changed (never a user's own view, never a hidden user's real state). */
  'presence.changed': { email: string; presence: Presence };
  'message.created': MessageEventData;
  /** Messages v2: the message as it is after an edit or a delete. */
  'message.updated': MessageEventData & { change: MessageUpdateKind };
}

export type MessageUpdateKind = 'edited' | 'deleted';
export type EventType = keyof EventPayloads;
export const EVENT_TYPES: readonly EventType[] = ['presence.changed', 'message.created', 'message.updated'];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** One published event: `id` increases strictly, also across restarts (see `EventBus`). */
export type BeaconEvent = {
  [T in EventType]: { id: number; type: T; createdAt: number; data: EventPayloads[T] };
}[EventType];

export type EventSubscriber = (event: BeaconEvent) => void;

/**
 * The server's internal event bus. `publish` only stamps the event and queues it: the
 * subscribers run later, on a macrotask, so a socket handler that publishes never waits for
 * an SSE write or a webhook insert (and a throwing subscriber cannot fail the handler).
 *
 * Ids are contiguous within a process and start at the clock's milliseconds × 1000, so they keep
 * increasing across a restart (unless the server averaged 1,000 events per millisecond) and a
 * `Last-Event-ID` from before a restart is recognised as older than the replay buffer.
 */
export class EventBus {
  private lastId: number;
  /** The id before the first one this bus hands out. */
  readonly startId: number;
  private readonly subscribers = new Set<EventSubscriber>();
  private queue: BeaconEvent[] = [];
  private flushScheduled = false;

  constructor(
    private readonly now: () => number,
    private readonly onSubscriberError: (error: unknown, event: BeaconEvent) => void = () => {},
  ) {
    this.startId = now() * 1000;
    this.lastId = this.startId;
  }

  publish<T extends EventType>(type: T, data: EventPayloads[T]): BeaconEvent {
    this.lastId += 1;
    const event = { id: this.lastId, type, createdAt: this.now(), data } as BeaconEvent;
    this.queue.push(event);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return event;
  }

  subscribe(subscriber: EventSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** The id of the newest event published so far. */
  get latestId(): number {
    return this.lastId;
  }

  private flush(): void {
    this.flushScheduled = false;
    const events = this.queue;
    this.queue = [];
    for (const event of events) {
      for (const subscriber of this.subscribers) {
        try {
          subscriber(event);
        } catch (error) {
          this.onSubscriberError(error, event);
        }
      }
    }
  }
}

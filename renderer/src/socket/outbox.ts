import type { Message } from '@beacon/protocol';
import { newClientId } from '../lib/ids';
import type { AppStore, OutboxItem } from '../store';
import { CommandError, isTransient } from './errors';

/**
 * Where unsent messages are kept. In memory for now; a persistent backend (IndexedDB) plugs in here
 * so that messages written offline survive a restart.
 */
export interface OutboxStorage {
  /** Every stored item, in the order they were written. */
  load(): Promise<OutboxItem[]>;
  save(item: OutboxItem): Promise<void>;
  remove(clientId: string): Promise<void>;
}

export class InMemoryOutboxStorage implements OutboxStorage {
  private readonly items = new Map<string, OutboxItem>();

  async load(): Promise<OutboxItem[]> {
    return [...this.items.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  async save(item: OutboxItem): Promise<void> {
    this.items.set(item.clientId, item);
  }

  async remove(clientId: string): Promise<void> {
    this.items.delete(clientId);
  }
}

export interface OutboxDeps {
  store: AppStore;
  storage: OutboxStorage;
  /** Sends one message (`message:send`); rejects with a CommandError. */
  send(item: OutboxItem): Promise<Message>;
  /** Whether the session is connected and ready, so sending can start. */
  isOnline(): boolean;
  /** A message the server acknowledged. */
  onDelivered(message: Message): void;
  /** Wait before retrying after a transient refusal while connected (rate limit, server error, lost ack). */
  retryDelayMs?: number;
}

/**
 * Sends the user's messages one at a time, in the order they were written, each with a `clientId`
 * fixed at creation so that retries after a lost acknowledgement never create duplicates. Messages
 * written while disconnected wait here and go out when the connection is back. A refused message
 * (too large, forbidden...) is marked failed and offers Retry; it does not hold up the others.
 */
export class Outbox {
  private readonly queue = new Map<string, OutboxItem>();
  /** The latest write of each item to storage: an item is sent only once it is stored. */
  private readonly saving = new Map<string, Promise<void>>();
  private flushing = false;
  private flushAgain = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly deps: OutboxDeps) {}

  /** Loads items kept by the storage (from an earlier run) into the queue and onto the screen. */
  async restore(): Promise<void> {
    const items = await this.deps.storage.load();
    for (const item of items) {
      if (this.queue.has(item.clientId)) continue;
      this.queue.set(item.clientId, item);
      this.deps.store.getState().putOutboxItem(item);
    }
    this.flush();
  }

  enqueue(
    conversationId: string,
    body: string,
    now: number = Date.now(),
    extras: Pick<OutboxItem, 'replyToId' | 'attachments'> = {},
  ): OutboxItem {
    const item: OutboxItem = {
      clientId: newClientId(),
      conversationId,
      body,
      createdAt: now,
      state: 'pending',
      error: null,
      ...(extras.replyToId ? { replyToId: extras.replyToId } : {}),
      ...(extras.attachments?.length ? { attachments: extras.attachments } : {}),
    };
    this.update(item);
    this.flush();
    return item;
  }

  retry(clientId: string): void {
    const item = this.queue.get(clientId);
    if (item?.state !== 'failed') return;
    this.update({ ...item, state: 'pending', error: null });
    this.flush();
  }

  discard(clientId: string): void {
    const item = this.queue.get(clientId);
    if (!item) return;
    this.forget(item);
  }

  /** A message of ours arrived (live or in history): its outbox entry, if any, is done. */
  acknowledge(message: Message): void {
    const item = this.queue.get(message.clientId);
    if (item && item.conversationId === message.conversationId) this.forget(item);
  }

  pendingCount(): number {
    return this.queue.size;
  }

  /** Sends what is pending, if connected. Safe to call any time; only one flush runs at once. */
  flush(): void {
    if (this.stopped || !this.deps.isOnline()) return;
    if (this.flushing) {
      // A drain is finishing (possibly after a failure): run once more when it is done.
      this.flushAgain = true;
      return;
    }
    if (this.retryTimer !== undefined) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.flushing = true;
    void this.drain().finally(() => {
      this.flushing = false;
      if (this.flushAgain) {
        this.flushAgain = false;
        this.flush();
      }
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
  }

  private nextPending(): OutboxItem | undefined {
    for (const item of this.queue.values()) if (item.state === 'pending') return item;
    return undefined;
  }

  private async drain(): Promise<void> {
    for (let item = this.nextPending(); item; item = this.nextPending()) {
      if (this.stopped || !this.deps.isOnline()) return;
      try {
        await this.saving.get(item.clientId);
        const message = await this.deps.send(item);
        if (this.queue.get(item.clientId) === item) this.forget(item);
        this.deps.onDelivered(message);
      } catch (error) {
        const code = error instanceof CommandError ? error.code : 'internal';
        if (this.queue.get(item.clientId) !== item) continue;
        if (code === 'disconnected') return;
        if (isTransient(code)) {
          this.scheduleRetry();
          return;
        }
        const message = error instanceof Error ? error.message : 'refused';
        this.update({ ...item, state: 'failed', error: { code, message } });
      }
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, this.deps.retryDelayMs ?? 3_000);
  }

  private update(item: OutboxItem): void {
    this.queue.set(item.clientId, item);
    this.deps.store.getState().putOutboxItem(item);
    // A failed write (storage full, private mode) must not hold the message back: it is
    // still sent, just not kept across a restart.
    const saved = this.deps.storage.save(item).catch(() => undefined);
    this.saving.set(item.clientId, saved);
  }

  private forget(item: OutboxItem): void {
    this.queue.delete(item.clientId);
    this.deps.store.getState().removeOutboxItem(item.conversationId, item.clientId);
    const saved = this.saving.get(item.clientId) ?? Promise.resolve();
    this.saving.delete(item.clientId);
    // Removed after its own write, so a late save cannot bring a sent message back.
    void saved.then(() => this.deps.storage.remove(item.clientId)).catch(() => undefined);
  }
}

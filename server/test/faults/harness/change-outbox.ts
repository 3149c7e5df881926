import type { Ack, Message } from '@beacon/protocol';
import type { FaultClient } from './fault-client';

/** An edit (`body` the new text) or a delete (`body` ""), as planned for one message. */
export interface PlannedChange {
  kind: 'edited' | 'deleted';
  messageId: string;
  body: string;
}

export interface ChangeOutboxStats {
  attempts: number;
  retries: number;
  lostAcks: number;
  rateLimited: number;
}

const ACK_TIMEOUT_MS = 5_000;
const BACKOFF_MS = 250;
/** Messages whose changes are in flight at once. */
const MAX_CHAINS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Edits and deletes of one client's own messages, kept until acknowledged and retried
 * across cuts and crashes like the message outbox. A message's changes go one after the
 * other (an edit after its delete would be refused); a repeat is harmless because an edit
 * to the current body and a delete of a deleted message change nothing.
 */
export class ChangeOutbox {
  readonly acked: PlannedChange[] = [];
  readonly unexpectedErrors: string[] = [];
  readonly stats: ChangeOutboxStats = { attempts: 0, retries: 0, lostAcks: 0, rateLimited: 0 };
  private readonly waiting: PlannedChange[][] = [];
  private running = 0;
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly client: FaultClient) {}

  /** The changes of one message, applied in order. */
  enqueue(chain: PlannedChange[]): void {
    this.waiting.push(chain);
    this.startChains();
  }

  drained(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private startChains(): void {
    while (this.running < MAX_CHAINS) {
      const chain = this.waiting.shift();
      if (!chain) break;
      this.running++;
      void this.apply(chain).finally(() => {
        this.running--;
        this.startChains();
        if (this.running === 0 && this.waiting.length === 0) {
          const waiters = this.drainWaiters;
          this.drainWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
    }
  }

  private async apply(chain: PlannedChange[]): Promise<void> {
    for (const change of chain) {
      for (let attempt = 1; ; attempt++) {
        while (!this.client.isReady) await sleep(50);
        this.stats.attempts++;
        if (attempt > 1) this.stats.retries++;
        const outcome = await this.send(change);
        if (outcome === 'acked') break;
        if (outcome === 'refused') return;
        await sleep(BACKOFF_MS);
      }
    }
  }

  private async send(change: PlannedChange): Promise<'acked' | 'retry' | 'refused'> {
    const socket = this.client.socket.timeout(ACK_TIMEOUT_MS);
    let response: Ack<{ message: Message }>;
    try {
      response =
        change.kind === 'edited'
          ? await socket.emitWithAck('message:edit', { messageId: change.messageId, body: change.body })
          : await socket.emitWithAck('message:delete', { messageId: change.messageId });
    } catch {
      this.stats.lostAcks++;
      return 'retry';
    }
    if (response.ok) {
      const applied =
        change.kind === 'edited'
          ? response.message.body === change.body
          : response.message.deletedAt !== null;
      if (!applied)
        this.unexpectedErrors.push(`${change.kind} ${change.messageId}: the ack shows it not applied`);
      this.acked.push(change);
      return 'acked';
    }
    if (response.error.code === 'rate_limited') {
      this.stats.rateLimited++;
      return 'retry';
    }
    this.unexpectedErrors.push(
      `${change.kind} ${change.messageId}: ${response.error.code} ${response.error.message}`,
    );
    return 'refused';
  }
}

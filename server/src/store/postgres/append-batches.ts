import type pg from 'pg';
import type { NewMessage } from '../types';
import type { LockedBatchAppender } from './batch-append';
import type { Outcome } from './batch-plan';
import { lockConversations } from './conversation-lock';
import type { AppendResult } from './message-append';
import { inTransaction } from './transaction';

interface QueuedAppend {
  message: NewMessage;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export interface AppendBatchOptions {
  /** Batches committing at once (each on its own connection). */
  maxInFlight: number;
  /** Appends in one batch at most. */
  maxBatch: number;
}

// Two in flight: on two cores, four made smaller batches and no more throughput (measured, issue 13).
const DEFAULTS: AppendBatchOptions = { maxInFlight: 2, maxBatch: 64 };

/**
 * Group commit, as the SQLite store does it in spirit: appends that arrive while earlier ones
 * are committing wait, and go together in the next transaction (one BEGIN, one lock statement
 * for all their conversations, one read and one write for all their messages (batch-append.ts),
 * one COMMIT and so one WAL flush), each still resolving only once committed. Alone, an append
 * is committed at once, in a batch of one.
 *
 * Batches in flight on one node have no conversation in common (`nextBatch`). A batch locks
 * its conversations in one order (conversation-lock.ts), so batches of several nodes never
 * deadlock. A refusal (not a member, an unknown reply…) rejects that append alone;
 * any other error rolls the batch back and its appends are retried one transaction each, so
 * none fails for another's sake.
 */
export class PostgresAppendBatches {
  private queue: QueuedAppend[] = [];
  /** The conversations of the batches committing now. */
  private readonly committing = new Set<string>();
  private inFlight = 0;
  private drained: Array<() => void> = [];
  private readonly options: AppendBatchOptions;

  constructor(
    private readonly pool: pg.Pool,
    private readonly appender: LockedBatchAppender,
    options: Partial<AppendBatchOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  append(message: NewMessage): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      this.pump();
    });
  }

  /** Resolves once every append asked for so far has committed or failed (the store waits before closing). */
  drain(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.nextBatch();
      if (batch.length === 0) return;
      const conversationIds = new Set(batch.map(({ message }) => message.conversationId));
      for (const id of conversationIds) this.committing.add(id);
      this.inFlight += 1;
      void this.commit(batch).finally(() => {
        for (const id of conversationIds) this.committing.delete(id);
        this.inFlight -= 1;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0)
          for (const resolve of this.drained.splice(0)) resolve();
      });
    }
  }

  /**
   * The oldest appends, up to `maxBatch`, of conversations no committing batch holds: those wait
   * for the next batch, so a conversation's appends take seqs in the order they arrived, and
   * batches in flight never wait for each other's row locks (they run side by side).
   */
  private nextBatch(): QueuedAppend[] {
    const batch: QueuedAppend[] = [];
    const waiting: QueuedAppend[] = [];
    for (const [index, queued] of this.queue.entries()) {
      if (batch.length === this.options.maxBatch) {
        waiting.push(...this.queue.slice(index));
        break;
      }
      if (this.committing.has(queued.message.conversationId)) waiting.push(queued);
      else batch.push(queued);
    }
    this.queue = waiting;
    return batch;
  }

  private async commit(batch: readonly QueuedAppend[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await inTransaction(this.pool, (client) => this.appendAll(client, batch));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One conversation's appends one after another, so they still take seqs in arrival order.
      const byConversation = new Map<string, QueuedAppend[]>();
      for (const queued of batch) {
        const id = queued.message.conversationId;
        const appends = byConversation.get(id);
        if (appends) appends.push(queued);
        else byConversation.set(id, [queued]);
      }
      await Promise.all(
        [...byConversation.values()].map(async (appends) => {
          for (const queued of appends) await this.commit([queued]);
        }),
      );
      return;
    }
    for (const [index, queued] of batch.entries()) {
      const outcome = outcomes[index];
      if (outcome?.ok) queued.resolve(outcome.value);
      else queued.reject(outcome?.error);
    }
  }

  private async appendAll(client: pg.PoolClient, batch: readonly QueuedAppend[]): Promise<Outcome[]> {
    const messages = batch.map(({ message }) => message);
    await lockConversations(
      client,
      messages.map((message) => message.conversationId),
    );
    return this.appender.appendAllLocked(client, messages);
  }
}

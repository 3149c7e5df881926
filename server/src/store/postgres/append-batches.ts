import type pg from 'pg';
import { MessageRuleError, type NewMessage, NotFoundError, NotMemberError } from '../types';
import { lockConversations } from './conversation-lock';
import type { AppendResult, PostgresMessageAppender } from './message-append';
import { inTransaction } from './transaction';

interface QueuedAppend {
  message: NewMessage;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: AppendResult } | { ok: false; error: unknown };

export interface AppendBatchOptions {
  /** Batches committing at once (each on its own connection). */
  maxInFlight: number;
  /** Appends in one batch at most. */
  maxBatch: number;
}

const DEFAULTS: AppendBatchOptions = { maxInFlight: 2, maxBatch: 64 };

/** A refusal the appender throws before it writes anything: the batch's transaction goes on. */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof NotFoundError ||
    error instanceof NotMemberError ||
    error instanceof MessageRuleError ||
    error instanceof RangeError
  );
}

/**
 * Group commit, as the SQLite store does it in spirit: appends that arrive while earlier ones
 * are committing wait, and go together in the next transaction (one BEGIN, one lock statement
 * for all their conversations, one COMMIT and so one WAL flush), each still resolving only once
 * committed. Alone, an append is committed at once, in a batch of one.
 *
 * A batch locks its conversations in one order (conversation-lock.ts), so batches of several
 * nodes never deadlock. A refusal (not a member, an unknown reply…) rejects that append alone;
 * any other error rolls the batch back and its appends are retried one transaction each, so
 * none fails for another's sake.
 */
export class PostgresAppendBatches {
  private readonly queue: QueuedAppend[] = [];
  private inFlight = 0;
  private drained: Array<() => void> = [];
  private readonly options: AppendBatchOptions;

  constructor(
    private readonly pool: pg.Pool,
    private readonly appender: Pick<PostgresMessageAppender, 'appendLocked'>,
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
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.commit(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0)
          for (const resolve of this.drained.splice(0)) resolve();
      });
    }
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
      await Promise.all(batch.map((queued) => this.commit([queued])));
      return;
    }
    for (const [index, queued] of batch.entries()) {
      const outcome = outcomes[index];
      if (outcome?.ok) queued.resolve(outcome.value);
      else queued.reject(outcome?.error);
    }
  }

  private async appendAll(client: pg.PoolClient, batch: readonly QueuedAppend[]): Promise<Outcome[]> {
    await lockConversations(
      client,
      batch.map(({ message }) => message.conversationId),
    );
    const outcomes: Outcome[] = [];
    for (const { message } of batch) {
      try {
        outcomes.push({ ok: true, value: await this.appender.appendLocked(client, message) });
      } catch (error) {
        if (!isRefusal(error)) throw error;
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }
}

import type { Database, Transaction } from 'better-sqlite3';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes requested during one turn of the event loop are committed together,
 * in one IMMEDIATE transaction and one fsync, right after that turn. Each still resolves
 * only once its write is durable; under load the fsyncs (which block the thread) no longer
 * grow with the write rate. Each write runs in its own savepoint, so one that throws is
 * rolled back alone and the others still commit.
 */
export class GroupCommit {
  private readonly inSavepoint: Transaction<(work: () => unknown) => unknown>;
  private readonly batchInTransaction: Transaction<(batch: readonly QueuedWrite[]) => Outcome[]>;
  private queue: QueuedWrite[] = [];

  constructor(db: Database) {
    this.inSavepoint = db.transaction((work: () => unknown) => work());
    this.batchInTransaction = db.transaction((batch: readonly QueuedWrite[]) =>
      batch.map(({ work }): Outcome => {
        try {
          return { ok: true, value: this.inSavepoint(work) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** Runs `work` (synchronous SQL) in the next group commit; resolves with its result once durable. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits every queued write now (the store calls it before closing). */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      // IMMEDIATE takes the write lock before anything is read (e.g. last_seq), so no other
      // connection can write in between.
      outcomes = this.batchInTransaction.immediate(batch);
    } catch (error) {
      // The commit itself failed (e.g. disk full, lock timeout): nothing of the batch is stored.
      for (const queued of batch) queued.reject(error);
      return;
    }
    for (const [index, queued] of batch.entries()) {
      const outcome = outcomes[index];
      if (outcome?.ok) queued.resolve(outcome.value);
      else queued.reject(outcome?.error);
    }
  }
}

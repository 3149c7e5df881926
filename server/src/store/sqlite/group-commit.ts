import type { Database, Transaction } from 'better-sqlite3';
import type { DeferredFsync } from './wal-sync';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A write of an all-or-nothing batch threw: the batch is rolled back and run again write by write. */
class WriteFailed extends Error {
  constructor(readonly reason: unknown) {
    super('a write of the batch failed');
  }
}

/**
 * Group commit: writes requested while the previous batch is being made durable (or during one
 * turn of the event loop) are committed together, in one IMMEDIATE transaction, right after.
 * Each still resolves only once its write is durable, and batches resolve in commit order.
 *
 * With a `DeferredFsync` (wal-sync.ts) the fsync runs in libuv's thread pool and the event
 * loop goes on meanwhile; the writes that arrive during it form the next batch, so under load
 * the batches grow instead of the fsyncs. Without one (in memory) each batch commits with its own fsync, on the loop.
 *
 * A batch first runs without savepoints (a savepoint per write journals every page it touches
 * once more); when one write throws, the batch is rolled back and run again with each write in
 * its own savepoint, so the bad one is rolled back alone and the others still commit.
 */
export class GroupCommit {
  private readonly allOrNothing: Transaction<(batch: readonly QueuedWrite[]) => Outcome[]>;
  private readonly eachInSavepoint: Transaction<(batch: readonly QueuedWrite[]) => Outcome[]>;
  private queue: QueuedWrite[] = [];
  private scheduled = false;
  /** The running fsync of the last batch; the next batch waits for it. */
  private syncing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly db: Database,
    private wal: DeferredFsync | null,
  ) {
    const inSavepoint = db.transaction((work: () => unknown) => work());
    this.allOrNothing = db.transaction((batch: readonly QueuedWrite[]) =>
      batch.map(({ work }): Outcome => {
        try {
          return { ok: true, value: work() };
        } catch (error) {
          throw new WriteFailed(error);
        }
      }),
    );
    this.eachInSavepoint = db.transaction((batch: readonly QueuedWrite[]) =>
      batch.map(({ work }): Outcome => {
        try {
          return { ok: true, value: inSavepoint(work) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** Runs `work` (synchronous SQL, no side effects outside the database) in the next batch; resolves once durable. */
  run<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * Resolves once every batch committed so far is durable: at once, or when the running fsync
   * ends. A read that may have seen a batch still waiting for its fsync answers after it.
   */
  durable(): Promise<void> {
    return this.syncing ?? Promise.resolve();
  }

  /**
   * Waits for the running fsync, then commits every queued write with its own fsync (the store
   * calls it before closing). Later writes are refused.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.syncing;
    this.commitQueued(null);
    this.wal?.close();
  }

  private schedule(): void {
    if (this.scheduled || this.syncing || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.closed) this.commitQueued(this.wal);
    });
  }

  private commitQueued(wal: DeferredFsync | null): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    // A transaction of the caller's cannot be open here (they are synchronous); if one were,
    // `synchronous` could not be changed inside it.
    const relaxed = wal !== null && !this.db.inTransaction ? wal : null;
    let outcomes: Outcome[];
    try {
      outcomes = relaxed ? relaxed.withoutFsync(() => this.commit(batch)) : this.commit(batch);
    } catch (error) {
      // The commit itself failed (e.g. disk full, lock timeout): nothing of the batch is stored.
      for (const queued of batch) queued.reject(error);
      return;
    }
    if (!relaxed) {
      settle(batch, outcomes);
      return;
    }
    this.syncing = relaxed
      .sync()
      .then(
        () => settle(batch, outcomes),
        (error: unknown) => {
          // After a failed fsync the kernel may have dropped the pages: the batch is not known
          // to be durable, and SQLite's own fsync is trusted from now on.
          this.wal = null;
          for (const queued of batch) queued.reject(error);
        },
      )
      .finally(() => {
        this.syncing = null;
        this.schedule();
      });
  }

  private commit(batch: readonly QueuedWrite[]): Outcome[] {
    try {
      // IMMEDIATE takes the write lock before anything is read (e.g. last_seq), so no other
      // connection can write in between.
      return this.allOrNothing.immediate(batch);
    } catch (error) {
      if (!(error instanceof WriteFailed)) throw error;
      if (batch.length === 1) return [{ ok: false, error: error.reason }];
    }
    return this.eachInSavepoint.immediate(batch);
  }
}

function settle(batch: readonly QueuedWrite[], outcomes: readonly Outcome[]): void {
  for (const [index, queued] of batch.entries()) {
    const outcome = outcomes[index];
    if (outcome?.ok) queued.resolve(outcome.value);
    else queued.reject(outcome?.error);
  }
}

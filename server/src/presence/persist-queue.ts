import type { PresenceLayers } from './layers';

export interface StoredLayers {
  userId: string;
  layers: PresenceLayers;
}

/** The part of the Store port the engine writes its layers through. */
export interface PresenceLayerStore {
  /** Every stored user's layers, in one query. */
  loadAll(): Promise<StoredLayers[]>;
  /**
   * Replaces each listed user's stored layers (default layers may delete the row), all in
   * one transaction: either every entry is committed or none is.
   */
  saveAll(entries: readonly StoredLayers[]): Promise<void>;
}

/**
 * Group commit for presence layers. Changes made during one turn of the event loop are
 * written together right after it, in one transaction (one fsync), and only each user's
 * latest snapshot of that turn is written. Batches run one after another, so a later
 * snapshot is never overwritten by an earlier one. Under a flood of claims the number of
 * commits stays bounded by the turns of the event loop instead of growing with the rate.
 */
export class PersistQueue {
  private pending = new Map<string, PresenceLayers>();
  /** Resolves once the batch that collects `pending` has been written. */
  private pendingWritten: Promise<void> | null = null;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: PresenceLayerStore,
    private readonly onError: (error: unknown, userId: string) => void,
  ) {}

  loadAll(): Promise<StoredLayers[]> {
    return this.store.loadAll();
  }

  save(userId: string, layers: PresenceLayers): void {
    this.pending.set(userId, structuredClone(layers));
    if (this.pendingWritten) return;
    const turnEnded = new Promise<void>((resolve) => setImmediate(resolve));
    const written = Promise.all([this.tail, turnEnded]).then(() => this.writePending());
    this.pendingWritten = written;
    this.tail = written;
  }

  /** Resolves once every write queued so far has finished (committed, or reported as failed). */
  idle(): Promise<void> {
    return this.tail;
  }

  private async writePending(): Promise<void> {
    const batch = [...this.pending].map(([userId, layers]) => ({ userId, layers }));
    this.pending = new Map();
    this.pendingWritten = null;
    try {
      await this.store.saveAll(batch);
    } catch (error) {
      for (const { userId } of batch) this.onError(error, userId);
    }
  }
}

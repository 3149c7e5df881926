import type { PresenceLayers } from './layers';

/** The part of the Store port the engine writes its layers through. */
export interface PresenceLayerStore {
  /** Every stored user's layers, in one query. */
  loadAll(): Promise<Array<{ userId: string; layers: PresenceLayers }>>;
  /** Replaces the user's stored layers (default layers may delete the row). */
  save(userId: string, layers: PresenceLayers): Promise<void>;
}

/**
 * Writes layer snapshots in the order they were made, one at a time, so a slower
 * earlier write never overwrites a later one.
 */
export class PersistQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: PresenceLayerStore,
    private readonly onError: (error: unknown, userId: string) => void,
  ) {}

  loadAll(): ReturnType<PresenceLayerStore['loadAll']> {
    return this.store.loadAll();
  }

  save(userId: string, layers: PresenceLayers): void {
    const snapshot = structuredClone(layers);
    this.tail = this.tail.then(() =>
      this.store.save(userId, snapshot).catch((error: unknown) => this.onError(error, userId)),
    );
  }

  /** Resolves once every write queued so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}

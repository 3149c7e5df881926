import type { Presence } from '@beacon/protocol';
import type { AppStore } from '../store';

/** Applies `presence` events to the store in batches, so a burst costs one render. */
export class PresenceBatch {
  private buffer: Presence[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: AppStore,
    private readonly batchMs: number,
  ) {}

  push(presence: Presence): void {
    this.buffer.push(presence);
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = this.buffer;
      this.buffer = [];
      this.store.getState().applyPresences(batch);
    }, this.batchMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

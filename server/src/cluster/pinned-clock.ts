import type { Clock } from '../presence/clock';

/**
 * A clock whose `now` can be pinned to a logged entry's time while the entry applies, so every
 * node's engine computes the same `since` and `updatedAt`; timers stay on the base clock.
 */
export class PinnedClock implements Clock {
  private pinned: number | null = null;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.pinned ?? this.base.now();
  }

  schedule(callback: () => void, delayMs: number): () => void {
    return this.base.schedule(callback, delayMs);
  }

  pin(at: number): void {
    this.pinned = at;
  }

  unpin(): void {
    this.pinned = null;
  }
}

export interface WindowLimit {
  /** Failures allowed within the window; the next attempt is refused. */
  max: number;
  windowMs: number;
}

/**
 * Counts events per key in a sliding window, in memory. Keys whose events all left
 * the window are dropped, and the number of keys is capped so a flood of distinct
 * keys cannot grow memory without bound (the oldest keys go first).
 */
export class SlidingWindowCounter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: WindowLimit,
    private readonly now: () => number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Milliseconds until the key may try again, or 0 when it is not limited. */
  retryAfter(key: string): number {
    const times = this.prune(key);
    if (times.length < this.limit.max) return 0;
    const oldestThatCounts = times[times.length - this.limit.max] ?? this.now();
    return Math.max(1, oldestThatCounts + this.limit.windowMs - this.now());
  }

  record(key: string): void {
    const times = this.prune(key);
    times.push(this.now());
    // Re-insert so Map order is least recently touched first.
    this.events.delete(key);
    this.events.set(key, times.slice(-this.limit.max));
    while (this.events.size > this.maxKeys) {
      const oldest = this.events.keys().next().value;
      if (oldest === undefined) break;
      this.events.delete(oldest);
    }
  }

  reset(key: string): void {
    this.events.delete(key);
  }

  private prune(key: string): number[] {
    const times = this.events.get(key);
    if (!times) return [];
    const cutoff = this.now() - this.limit.windowMs;
    const kept = times.filter((time) => time > cutoff);
    if (kept.length === 0) this.events.delete(key);
    else this.events.set(key, kept);
    return kept;
  }
}

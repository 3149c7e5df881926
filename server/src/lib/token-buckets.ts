export interface TokenBucketLimit {
  /** Requests per second refilled, the sustained rate. */
  ratePerSecond: number;
  /** The bucket's size: how many requests may come at once after a quiet spell. */
  burst: number;
}

export const DEFAULT_API_RATE_LIMIT: TokenBucketLimit = { ratePerSecond: 20, burst: 100 };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * One token bucket per key (an API token, a user), in memory. The number of keys is capped so a
 * flood of keys cannot grow memory without bound (the least recently used go first; an evicted
 * key starts again with a full bucket).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: TokenBucketLimit,
    private readonly now: () => number,
    private readonly maxKeys = 100_000,
  ) {
    if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError(
        `rate limit needs a positive rate and a burst of at least 1, got ${JSON.stringify(limit)}`,
      );
    }
  }

  /**
   * Takes `count` tokens at once, or none: 0 when allowed, else the milliseconds until that many
   * are available (`Infinity` when `count` exceeds the burst: never in one go).
   */
  take(key: string, count = 1): number {
    if (count <= 0) return 0;
    const now = this.now();
    const tokens = this.tokensAt(key, now);
    if (tokens < count) {
      this.buckets.set(key, { tokens, at: now });
      return this.waitFor(tokens, count);
    }
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - count, at: now });
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
    return 0;
  }

  /** What `take` would answer, without taking anything. */
  wait(key: string, count = 1): number {
    if (count <= 0) return 0;
    const tokens = this.tokensAt(key, this.now());
    return tokens >= count ? 0 : this.waitFor(tokens, count);
  }

  private tokensAt(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.limit.burst;
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.limit.burst, bucket.tokens + (elapsed * this.limit.ratePerSecond) / 1000);
  }

  private waitFor(tokens: number, count: number): number {
    if (count > this.limit.burst) return Number.POSITIVE_INFINITY;
    return Math.max(1, Math.ceil(((count - tokens) * 1000) / this.limit.ratePerSecond));
  }
}

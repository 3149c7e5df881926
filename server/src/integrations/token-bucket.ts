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
 * One token bucket per key (an API token), in memory. A full bucket is dropped (it is the
 * same as no bucket), and the number of keys is capped so a flood of keys cannot grow memory
 * without bound (the least recently used go first).
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

  /** Takes one token: 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
    const tokens = bucket
      ? Math.min(this.limit.burst, bucket.tokens + (elapsed * this.limit.ratePerSecond) / 1000)
      : this.limit.burst;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil(((1 - tokens) * 1000) / this.limit.ratePerSecond));
    }
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
    return 0;
  }
}

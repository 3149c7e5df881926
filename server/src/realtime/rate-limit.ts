import { ProtocolError } from '@beacon/protocol';

export interface TokenBucketLimit {
  /** Sustained rate: tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: how many may be spent at once after a quiet period. */
  burst: number;
}

/**
 * Per-session limits of the client events that cost the server most. Generous for
 * people (nobody types 50 messages a second; a bot's burst of 200 passes) and for the benchmark, tight enough
 * that one misbehaving client cannot monopolise the store or the fan-out.
 */
export const SESSION_RATE_LIMITS = {
  messageSend: { ratePerSecond: 50, burst: 200 },
  presenceSubscribe: { ratePerSecond: 5, burst: 20 },
} as const satisfies Record<string, TokenBucketLimit>;

/** Milliseconds from a monotonic origin; wall-clock jumps must not refill or drain a bucket. */
const monotonicNow = () => performance.now();

/** A classic token bucket: starts full, refills continuously, never holds more than `burst`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly limit: TokenBucketLimit,
    private readonly now: () => number = monotonicNow,
  ) {
    if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError(
        `a token bucket needs a positive rate and a burst of at least 1, got ${JSON.stringify(limit)}`,
      );
    }
    this.tokens = limit.burst;
    this.updatedAt = now();
  }

  /** Spends one token if there is one; false means "over the limit, nothing spent". */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until one token is available (0 when one is). */
  retryAfterMs(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * 1000) / this.limit.ratePerSecond);
  }

  private refill(): void {
    const now = this.now();
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsedMs * this.limit.ratePerSecond) / 1000);
  }
}

/**
 * Spends one token of `bucket`, or throws the contract's `rate_limited` error (the
 * request is refused as a whole: nothing is stored, the client retries later).
 */
export function enforceRateLimit(bucket: TokenBucket, what: string): void {
  if (bucket.tryTake()) return;
  const { ratePerSecond, burst } = bucket.limit;
  throw new ProtocolError(
    'rate_limited',
    `too many ${what}: at most ${ratePerSecond} per second (bursts of ${burst}) per session; retry in ${bucket.retryAfterMs()} ms`,
  );
}

import { ProtocolError } from '@beacon/protocol';
import { type TokenBucketLimit, TokenBuckets } from '../lib/token-buckets';

export type { TokenBucketLimit };

const SESSION = 'session';

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

/** One session's bucket: the keyed buckets (lib/token-buckets.ts) with a single key, so the rule lives once. */
export class TokenBucket {
  private readonly buckets: TokenBuckets;

  constructor(
    readonly limit: TokenBucketLimit,
    now: () => number = monotonicNow,
  ) {
    this.buckets = new TokenBuckets(limit, now, 1);
  }

  /** Spends one token if there is one; false means "over the limit, nothing spent". */
  tryTake(): boolean {
    return this.buckets.take(SESSION) === 0;
  }

  /** Milliseconds until one token is available (0 when one is), spending none. */
  retryAfterMs(): number {
    return this.buckets.wait(SESSION);
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

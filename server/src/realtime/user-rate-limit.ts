import { ProtocolError } from '@beacon/protocol';
import { type TokenBucketLimit, TokenBuckets } from '../lib/token-buckets';

/** What a user may do at a limited rate, whatever the number of their sessions. */
export const USER_RATE_LIMITED_ACTIONS = ['messageSend', 'messageEdit', 'reaction'] as const;
export type UserRateLimitedAction = (typeof USER_RATE_LIMITED_ACTIONS)[number];
export type UserRateLimits = Record<UserRateLimitedAction, TokenBucketLimit>;

/**
 * Per user, across sessions. Sending allows twice a session's limit (50/s, bursts of 200), so
 * the per-session limit still answers a single flooding session first and a second session of
 * the same user keeps room; edits and reactions are rarer by nature.
 */
export const DEFAULT_USER_RATE_LIMITS: UserRateLimits = {
  messageSend: { ratePerSecond: 100, burst: 400 },
  messageEdit: { ratePerSecond: 20, burst: 100 },
  reaction: { ratePerSecond: 20, burst: 100 },
};

/** How the refusal names each action: "too many messages: …". */
const WHAT: Record<UserRateLimitedAction, string> = {
  messageSend: 'messages',
  messageEdit: 'edits and deletes',
  reaction: 'reactions',
};

/** Milliseconds from a monotonic origin; wall-clock jumps must not refill or drain a bucket. */
const monotonicNow = () => performance.now();

/** Where the counts live: this process (one node), or Redis (every node of a cluster: cluster/redis-rates.ts). */
export interface RateBackend {
  /** Milliseconds until the user may do it again; 0 means allowed (and one unit was spent). */
  take(userId: string, action: UserRateLimitedAction): Promise<number>;
}

/** One token bucket per user and action, shared by all of the user's sessions (one instance per server). */
export class UserRateLimiter {
  private readonly backend: RateBackend;

  constructor(
    private readonly limits: UserRateLimits = DEFAULT_USER_RATE_LIMITS,
    options: { now?: () => number; backend?: RateBackend } = {},
  ) {
    this.backend = options.backend ?? new LocalRates(limits, options.now ?? monotonicNow);
  }

  /** Milliseconds until the user may do it again; 0 means allowed (and one token was spent). */
  take(userId: string, action: UserRateLimitedAction): Promise<number> {
    return this.backend.take(userId, action);
  }

  /** Spends one token, or throws the contract's `rate_limited` (nothing is done; retry later). */
  async enforce(userId: string, action: UserRateLimitedAction): Promise<void> {
    const retryInMs = await this.take(userId, action);
    if (retryInMs === 0) return;
    const { ratePerSecond, burst } = this.limits[action];
    throw new ProtocolError(
      'rate_limited',
      `too many ${WHAT[action]}: at most ${ratePerSecond} per second (bursts of ${burst}) per user; retry in ${retryInMs} ms`,
    );
  }
}

class LocalRates implements RateBackend {
  private readonly buckets: Record<UserRateLimitedAction, TokenBuckets>;

  constructor(limits: UserRateLimits, now: () => number) {
    this.buckets = {
      messageSend: new TokenBuckets(limits.messageSend, now),
      messageEdit: new TokenBuckets(limits.messageEdit, now),
      reaction: new TokenBuckets(limits.reaction, now),
    };
  }

  async take(userId: string, action: UserRateLimitedAction): Promise<number> {
    return this.buckets[action].take(userId);
  }
}

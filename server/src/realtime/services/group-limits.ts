import { ProtocolError } from '@beacon/protocol';

/** Per user, across all of their sessions (docs/protocol-notes.md, "Conversations v2"). */
export interface GroupLimits {
  /** Groups one user may create per hour. */
  groupsPerHour: number;
  /** Members one user may add to existing groups per hour. */
  invitationsPerHour: number;
}

export const DEFAULT_GROUP_LIMITS: GroupLimits = { groupsPerHour: 20, invitationsPerHour: 200 };

const HOUR_MS = 60 * 60 * 1000;

/** Milliseconds from a monotonic origin; wall-clock jumps must not refill or drain an allowance. */
const monotonicNow = () => performance.now();

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per user holding `perHour` tokens, refilled evenly over the hour: a user may
 * spend the whole hour's allowance at once, then one more every hour / perHour.
 */
export class HourlyAllowance {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perHour: number,
    private readonly what: string,
    private readonly now: () => number = monotonicNow,
  ) {
    if (!(perHour >= 1))
      throw new RangeError(`an hourly allowance needs at least 1 per hour, got ${perHour}`);
  }

  /** Spends `count` of the user's allowance, or throws `rate_limited` and spends nothing. */
  take(userId: string, count = 1): void {
    if (count <= 0) return;
    const now = this.now();
    const bucket = this.refilled(userId, now);
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      return;
    }
    const waitMs = Math.ceil(((count - bucket.tokens) * HOUR_MS) / this.perHour);
    const retry = count > this.perHour ? 'never in one go' : `retry in ${Math.ceil(waitMs / 1000)} s`;
    throw new ProtocolError(
      'rate_limited',
      `too many ${this.what}: at most ${this.perHour} per hour per user; ${retry}`,
    );
  }

  private refilled(userId: string, now: number): Bucket {
    const bucket = this.buckets.get(userId);
    if (!bucket) {
      const fresh = { tokens: this.perHour, updatedAt: now };
      this.buckets.set(userId, fresh);
      return fresh;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.perHour, bucket.tokens + (elapsed * this.perHour) / HOUR_MS);
    bucket.updatedAt = now;
    return bucket;
  }
}

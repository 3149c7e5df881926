import { ProtocolError } from '@beacon/protocol';
import { TokenBuckets } from '../../lib/token-buckets';

/** Per user, across all of their sessions (docs/protocol-notes.md, "Conversations v2"). */
export interface GroupLimits {
  /** Groups one user may create per hour. */
  groupsPerHour: number;
  /** Members one user may add to existing groups per hour. */
  invitationsPerHour: number;
}

export const DEFAULT_GROUP_LIMITS: GroupLimits = { groupsPerHour: 20, invitationsPerHour: 200 };

/** Milliseconds from a monotonic origin; wall-clock jumps must not refill or drain an allowance. */
const monotonicNow = () => performance.now();

/**
 * A token bucket per user holding `perHour` tokens, refilled evenly over the hour: a user may
 * spend the whole hour's allowance at once, then one more every hour / perHour.
 */
export class HourlyAllowance {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly perHour: number,
    private readonly what: string,
    now: () => number = monotonicNow,
  ) {
    if (!(perHour >= 1))
      throw new RangeError(`an hourly allowance needs at least 1 per hour, got ${perHour}`);
    this.buckets = new TokenBuckets({ ratePerSecond: perHour / 3600, burst: perHour }, now);
  }

  /** Spends `count` of the user's allowance, or throws `rate_limited` and spends nothing. */
  take(userId: string, count = 1): void {
    const waitMs = this.buckets.take(userId, count);
    if (waitMs === 0) return;
    const retry = Number.isFinite(waitMs) ? `retry in ${Math.ceil(waitMs / 1000)} s` : 'never in one go';
    throw new ProtocolError(
      'rate_limited',
      `too many ${this.what}: at most ${this.perHour} per hour per user; ${retry}`,
    );
  }
}

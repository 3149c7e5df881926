import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { RateBackend, UserRateLimitedAction, UserRateLimits } from '../realtime/user-rate-limit';

/**
 * The same limits counted in Redis with `rate-limiter-flexible`, so a user's sessions on
 * different nodes share them: the steady rate per second, and beside it the burst's extra
 * allowance over the time the steady rate would take to refill it. While Redis is away, each
 * node counts in its own memory (the library's insurance limiter) rather than refusing.
 */
export class RedisRates implements RateBackend {
  private readonly limiters: Record<UserRateLimitedAction, BurstyRateLimiter>;

  constructor(limits: UserRateLimits, redis: Redis, keyPrefix: string) {
    const limiterOf = (action: UserRateLimitedAction): BurstyRateLimiter => {
      const { ratePerSecond, burst } = limits[action];
      const steady = Math.max(1, Math.floor(ratePerSecond));
      const extra = Math.max(0, burst - steady);
      const refillSeconds = Math.max(1, Math.ceil(burst / ratePerSecond));
      const redisLimiter = (points: number, duration: number, name: string) =>
        new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${keyPrefix}rate:${action}:${name}`,
          points,
          duration,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory({ points, duration }),
        });
      return new BurstyRateLimiter(
        redisLimiter(steady, 1, 'steady'),
        redisLimiter(Math.max(1, extra), refillSeconds, 'burst'),
      );
    };
    this.limiters = {
      messageSend: limiterOf('messageSend'),
      messageEdit: limiterOf('messageEdit'),
      reaction: limiterOf('reaction'),
    };
  }

  async take(userId: string, action: UserRateLimitedAction): Promise<number> {
    try {
      await this.limiters[action].consume(userId);
      return 0;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext));
      throw refusal;
    }
  }
}

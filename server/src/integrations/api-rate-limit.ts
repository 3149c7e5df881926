import type { FastifyReply } from 'fastify';
import { hashToken } from '../auth/tokens';
import { sendError } from '../http/errors';
import { type TokenBucketLimit, TokenBuckets } from '../lib/token-buckets';

/**
 * The one rate limit of `/api/v1/*`: a token bucket per bearer token, shared by every route
 * (presence, claims, events, bot messages), so a token gets its rate once, not once per route.
 */
export class ApiRateLimiter {
  private readonly buckets: TokenBuckets;

  constructor(
    readonly limit: TokenBucketLimit,
    now: () => number,
  ) {
    this.buckets = new TokenBuckets(limit, now);
  }

  /** Takes one request from the token's bucket; false once a 429 with `Retry-After` was sent. */
  admit(token: string, reply: FastifyReply): boolean {
    const waitMs = this.buckets.take(hashToken(token));
    if (waitMs === 0) return true;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    reply.header('Retry-After', String(seconds));
    const { ratePerSecond, burst } = this.limit;
    sendError(
      reply,
      429,
      'rate_limited',
      `too many requests: at most ${ratePerSecond} per second (bursts of ${burst}) per token; retry in ${seconds} s`,
    );
    return false;
  }
}

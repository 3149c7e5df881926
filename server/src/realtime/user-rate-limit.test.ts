import { ProtocolError } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_RATE_LIMITS, UserRateLimiter } from './user-rate-limit';

function limiter() {
  let now = 0;
  const limits = { ...DEFAULT_USER_RATE_LIMITS, messageEdit: { ratePerSecond: 2, burst: 3 } };
  return { limiter: new UserRateLimiter(limits, () => now), advance: (ms: number) => (now += ms) };
}

describe('UserRateLimiter', () => {
  it('allows a burst, then refuses with rate_limited until tokens refill', () => {
    const { limiter: limits, advance } = limiter();
    for (let i = 0; i < 3; i++) limits.enforce('u1', 'messageEdit');
    let refusal: unknown;
    try {
      limits.enforce('u1', 'messageEdit');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ProtocolError);
    expect(refusal).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/per user; retry in 500 ms/),
    });
    advance(500);
    expect(limits.take('u1', 'messageEdit')).toBe(0);
    expect(limits.take('u1', 'messageEdit')).toBeGreaterThan(0);
  });

  it('keeps users and actions apart', () => {
    const { limiter: limits } = limiter();
    for (let i = 0; i < 3; i++) limits.enforce('u1', 'messageEdit');
    expect(limits.take('u1', 'messageEdit')).toBeGreaterThan(0);
    expect(limits.take('u2', 'messageEdit')).toBe(0);
    expect(limits.take('u1', 'reaction')).toBe(0);
    expect(limits.take('u1', 'messageSend')).toBe(0);
  });
});

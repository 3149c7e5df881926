import { ProtocolError } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_RATE_LIMITS, UserRateLimiter } from './user-rate-limit';

function limiter() {
  let now = 0;
  const limits = { ...DEFAULT_USER_RATE_LIMITS, messageEdit: { ratePerSecond: 2, burst: 3 } };
  return { limiter: new UserRateLimiter(limits, { now: () => now }), advance: (ms: number) => (now += ms) };
}

describe('UserRateLimiter', () => {
  it('allows a burst, then refuses with rate_limited until tokens refill', async () => {
    const { limiter: limits, advance } = limiter();
    for (let i = 0; i < 3; i++) await limits.enforce('u1', 'messageEdit');
    const refusal = await limits.enforce('u1', 'messageEdit').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProtocolError);
    expect(refusal).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/per user; retry in 500 ms/),
    });
    advance(500);
    expect(await limits.take('u1', 'messageEdit')).toBe(0);
    expect(await limits.take('u1', 'messageEdit')).toBeGreaterThan(0);
  });

  it('keeps users and actions apart', async () => {
    const { limiter: limits } = limiter();
    for (let i = 0; i < 3; i++) await limits.enforce('u1', 'messageEdit');
    expect(await limits.take('u1', 'messageEdit')).toBeGreaterThan(0);
    expect(await limits.take('u2', 'messageEdit')).toBe(0);
    expect(await limits.take('u1', 'reaction')).toBe(0);
    expect(await limits.take('u1', 'messageSend')).toBe(0);
  });
});

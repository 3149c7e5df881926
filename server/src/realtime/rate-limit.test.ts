import { describe, expect, it } from 'vitest';
import { enforceRateLimit, SESSION_RATE_LIMITS, TokenBucket } from './rate-limit';

function manualTime(start = 1_000) {
  let current = start;
  return { now: () => current, advance: (ms: number) => (current += ms) };
}

function takeAll(bucket: TokenBucket): number {
  let taken = 0;
  while (bucket.tryTake()) taken++;
  return taken;
}

describe('TokenBucket', () => {
  it('allows a full burst at once, then refuses', () => {
    const time = manualTime();
    const bucket = new TokenBucket({ ratePerSecond: 30, burst: 60 }, time.now);
    expect(takeAll(bucket)).toBe(60);
    expect(bucket.tryTake()).toBe(false);
  });

  it('refills at the sustained rate and never beyond the burst', () => {
    const time = manualTime();
    const bucket = new TokenBucket({ ratePerSecond: 30, burst: 60 }, time.now);
    takeAll(bucket);
    time.advance(100);
    expect(takeAll(bucket)).toBe(3);
    time.advance(60_000);
    expect(takeAll(bucket)).toBe(60);
  });

  it('sustains exactly the rate over a long run', () => {
    const time = manualTime();
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 20 }, time.now);
    let accepted = 0;
    // One attempt every 10 ms for 10 s: the burst, then 5 per second.
    for (let i = 0; i < 1000; i++) {
      if (bucket.tryTake()) accepted++;
      time.advance(10);
    }
    expect(accepted).toBeGreaterThanOrEqual(20 + 49);
    expect(accepted).toBeLessThanOrEqual(20 + 50);
  });

  it('says how long until the next token', () => {
    const time = manualTime();
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 1 }, time.now);
    expect(bucket.retryAfterMs()).toBe(0);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.retryAfterMs()).toBe(250);
    time.advance(200);
    expect(bucket.retryAfterMs()).toBe(50);
  });

  it('ignores a clock that goes backwards', () => {
    const time = manualTime();
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 }, time.now);
    expect(bucket.tryTake()).toBe(true);
    time.advance(-5_000);
    expect(bucket.tryTake()).toBe(false);
    time.advance(1_000);
    expect(bucket.tryTake()).toBe(true);
  });

  it('rejects a limit that could never allow anything', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 10 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 10, burst: 0 })).toThrow(RangeError);
  });
});

describe('enforceRateLimit', () => {
  it("throws the contract's rate_limited error naming the limit once the bucket is empty", () => {
    const time = manualTime();
    const bucket = new TokenBucket(SESSION_RATE_LIMITS.presenceSubscribe, time.now);
    for (let i = 0; i < SESSION_RATE_LIMITS.presenceSubscribe.burst; i++) {
      enforceRateLimit(bucket, 'presence subscriptions');
    }
    expect(() => enforceRateLimit(bucket, 'presence subscriptions')).toThrow(
      expect.objectContaining({
        code: 'rate_limited',
        message: expect.stringMatching(/presence subscriptions: at most 5 per second .* retry in 200 ms/),
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  it('allows a burst, then the sustained rate, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 20, burst: 100 }, () => now);
    for (let i = 0; i < 100; i += 1) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(50);
    expect(buckets.take('b')).toBe(0);
    now += 50;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
    now += 1_000;
    for (let i = 0; i < 20; i += 1) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
  });

  it('refills no further than the burst', () => {
    let now = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 10, burst: 3 }, () => now);
    for (let i = 0; i < 3; i += 1) buckets.take('a');
    now += 60_000;
    for (let i = 0; i < 3; i += 1) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(100);
  });

  it('caps the number of keys', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 }, () => 0, 2);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');
    // "a" was evicted: it starts with a full bucket again.
    expect(buckets.take('a')).toBe(0);
  });
});

describe('TokenBuckets.take(key, count)', () => {
  it('takes several tokens at once or none, and says when that many are there', () => {
    let now = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 10 }, () => now);
    expect(buckets.take('a', 8)).toBe(0);
    expect(buckets.take('a', 3)).toBe(500);
    expect(buckets.take('a', 2)).toBe(0);
    now += 1_500;
    expect(buckets.take('a', 3)).toBe(0);
    expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.take('b', 11)).toBe(Number.POSITIVE_INFINITY);
    expect(buckets.take('b', 10)).toBe(0);
  });
});

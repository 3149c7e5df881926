import { describe, expect, it } from 'vitest';
import { SlidingWindowCounter } from './rate-limit';

function counter(max: number, windowMs: number, maxKeys?: number) {
  const clock = { now: 0 };
  return { clock, counter: new SlidingWindowCounter({ max, windowMs }, () => clock.now, maxKeys) };
}

describe('sliding window counter', () => {
  it('limits after max events and frees up as they slide out of the window', () => {
    const { clock, counter: c } = counter(3, 1_000);
    c.record('k');
    clock.now = 100;
    c.record('k');
    clock.now = 200;
    expect(c.retryAfter('k')).toBe(0);
    c.record('k');
    expect(c.retryAfter('k')).toBe(800); // the event at 0 leaves at 1000
    clock.now = 999;
    expect(c.retryAfter('k')).toBe(1);
    clock.now = 1_000;
    expect(c.retryAfter('k')).toBe(0);
    c.record('k');
    expect(c.retryAfter('k')).toBe(100); // the event at 100 leaves at 1100
  });

  it('keeps keys apart and resets one', () => {
    const { counter: c } = counter(1, 1_000);
    c.record('a');
    expect(c.retryAfter('a')).toBeGreaterThan(0);
    expect(c.retryAfter('b')).toBe(0);
    c.reset('a');
    expect(c.retryAfter('a')).toBe(0);
  });

  it('bounds its memory by dropping the least recently touched keys', () => {
    const { counter: c } = counter(1, 1_000, 2);
    c.record('a');
    c.record('b');
    c.record('c');
    expect(c.retryAfter('a')).toBe(0);
    expect(c.retryAfter('b')).toBeGreaterThan(0);
    expect(c.retryAfter('c')).toBeGreaterThan(0);
  });
});

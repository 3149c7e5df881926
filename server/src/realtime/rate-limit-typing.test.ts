import { describe, expect, it } from 'vitest';
import { FakeClock } from '../presence/fake-clock';
import { LatestValueThrottle } from './rate-limit-typing';

function setup(intervalMs = 300) {
  const clock = new FakeClock();
  const forwarded: Array<{ key: string; value: boolean; at: number }> = [];
  const throttle = new LatestValueThrottle<boolean>(
    (key, value) => forwarded.push({ key, value, at: clock.now() }),
    {
      intervalMs,
      clock,
    },
  );
  return { clock, forwarded, throttle };
}

describe('LatestValueThrottle', () => {
  it('forwards the first value at once', () => {
    const { forwarded, throttle } = setup();
    throttle.offer('c1', true);
    expect(forwarded).toEqual([{ key: 'c1', value: true, at: expect.any(Number) }]);
  });

  it('collapses a burst into at most one forward per interval, ending with the newest value', () => {
    const { clock, forwarded, throttle } = setup(300);
    const start = clock.now();
    // 1,000 alternating notices within one second.
    for (let i = 0; i < 1000; i++) {
      throttle.offer('c1', i % 2 === 0);
      clock.advance(1);
    }
    throttle.offer('c1', false);
    clock.advance(1_000);
    expect(forwarded.length).toBeLessThanOrEqual(Math.ceil(2_000 / 300) + 1);
    for (let i = 1; i < forwarded.length; i++) {
      expect((forwarded[i]?.at ?? 0) - (forwarded[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(300);
    }
    expect(forwarded.at(-1)?.value).toBe(false);
    expect(forwarded[0]?.at).toBe(start);
    expect(throttle.activeKeys).toBe(0);
  });

  it('never loses the final "stopped typing"', () => {
    const { clock, forwarded, throttle } = setup(300);
    throttle.offer('c1', true);
    clock.advance(50);
    throttle.offer('c1', false);
    expect(forwarded.map((f) => f.value)).toEqual([true]);
    clock.advance(250);
    expect(forwarded.map((f) => f.value)).toEqual([true, false]);
  });

  it('drops repeats of the forwarded value within the window', () => {
    const { clock, forwarded, throttle } = setup(300);
    throttle.offer('c1', true);
    throttle.offer('c1', true);
    throttle.offer('c1', true);
    clock.advance(1_000);
    expect(forwarded.map((f) => f.value)).toEqual([true]);
    // After the window a repeat is a fresh notice (clients repeat "typing" as a keep-alive).
    throttle.offer('c1', true);
    expect(forwarded.map((f) => f.value)).toEqual([true, true]);
  });

  it('throttles each key on its own', () => {
    const { forwarded, throttle } = setup();
    throttle.offer('c1', true);
    throttle.offer('c2', true);
    throttle.offer('c1', false);
    expect(forwarded.map((f) => f.key)).toEqual(['c1', 'c2']);
  });

  it('forgets pending values and timers when disposed', () => {
    const { clock, forwarded, throttle } = setup();
    throttle.offer('c1', true);
    throttle.offer('c1', false);
    throttle.dispose();
    clock.advance(1_000);
    expect(forwarded.map((f) => f.value)).toEqual([true]);
    expect(clock.pendingTimers).toBe(0);
    expect(throttle.activeKeys).toBe(0);
  });
});

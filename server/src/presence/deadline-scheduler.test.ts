import { describe, expect, it } from 'vitest';
import { DeadlineScheduler } from './deadline-scheduler';
import { FakeClock } from './fake-clock';

function setup() {
  const clock = new FakeClock(0);
  const fired: Array<{ key: string; at: number }> = [];
  const scheduler = new DeadlineScheduler(clock, (key) => fired.push({ key, at: clock.now() }));
  return { clock, fired, scheduler };
}

describe('DeadlineScheduler', () => {
  it('fires each key once at its deadline, in order, with a single armed timer', () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set('c', 300);
    scheduler.set('a', 100);
    scheduler.set('b', 200);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(250);
    expect(fired).toEqual([
      { key: 'a', at: 100 },
      { key: 'b', at: 200 },
      { key: 'c', at: 300 },
    ]);
    expect(scheduler.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('replaces and cancels deadlines', () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set('a', 100);
    scheduler.set('a', 500);
    scheduler.set('b', 200);
    scheduler.set('b', null);
    clock.advance(400);
    expect(fired).toEqual([]);
    expect(scheduler.deadlineOf('a')).toBe(500);
    clock.advance(100);
    expect(fired).toEqual([{ key: 'a', at: 500 }]);
  });

  it('re-arms for an earlier deadline and fires keys due at the same time together', () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set('late', 1000);
    scheduler.set('early', 10);
    scheduler.set('also-early', 10);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(10);
    expect(fired.map((f) => f.key).sort()).toEqual(['also-early', 'early']);
  });

  it('lets a callback set a new deadline for its own key', () => {
    const clock = new FakeClock(0);
    let count = 0;
    const scheduler: DeadlineScheduler = new DeadlineScheduler(clock, (key) => {
      count++;
      if (count < 3) scheduler.set(key, clock.now() + 100);
    });
    scheduler.set('a', 100);
    clock.advance(1000);
    expect(count).toBe(3);
  });

  it('keeps its order with many random deadlines', () => {
    const { clock, fired, scheduler } = setup();
    const dues = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 1000) + 1);
    for (const [i, due] of dues.entries()) scheduler.set(`k${i}`, due);
    clock.advance(2000);
    expect(fired).toHaveLength(500);
    const times = fired.map((f) => f.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('cancels its timer when disposed', () => {
    const { clock, scheduler } = setup();
    scheduler.set('a', 100);
    scheduler.dispose();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('DeadlineScheduler, far deadlines', () => {
  it('arms at most setTimeout’s longest delay and still fires at the deadline', () => {
    const { clock, fired, scheduler } = setup();
    const inAYear = 366 * 24 * 60 * 60 * 1000;
    scheduler.set('ooo', inAYear);
    clock.advance(2 ** 31);
    expect(fired).toEqual([]);
    clock.advance(inAYear - 2 ** 31);
    expect(fired).toEqual([{ key: 'ooo', at: inAYear }]);
  });
});

describe('DeadlineScheduler, many due at once', () => {
  it('handles them over several timer turns, all at their deadline', () => {
    const clock = new FakeClock(0);
    const turns: number[] = [];
    let current = 0;
    const scheduler = new DeadlineScheduler(clock, () => {
      current++;
    });
    for (let i = 0; i < 1000; i++) scheduler.set(`k${i}`, 100);
    const realSchedule = clock.schedule.bind(clock);
    clock.schedule = (callback, delay) =>
      realSchedule(() => {
        current = 0;
        callback();
        turns.push(current);
      }, delay);
    scheduler.set('trigger-rearm', 50);
    clock.advance(100);
    expect(turns.slice(1).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...turns)).toBeLessThanOrEqual(200);
    expect(clock.now()).toBe(100);
  });
});

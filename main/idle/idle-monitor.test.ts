import { describe, expect, it } from 'vitest';
import { FakePower, FakeScheduler } from '../testing/fakes';
import type { DeviceFact } from './idle-machine';
import { IdleMonitor } from './idle-monitor';

function setup(thresholdSeconds = 300) {
  const power = new FakePower();
  const scheduler = new FakeScheduler();
  const facts: DeviceFact[] = [];
  const monitor = new IdleMonitor({
    power,
    scheduler,
    thresholdSeconds,
    pollSeconds: 10,
    onChange: (fact) => facts.push(fact),
  });
  monitor.start();
  /** The OS idle time grows with the clock until `activity()`. */
  let lastInput = scheduler.now();
  const run = (ms: number) => {
    const end = scheduler.now() + ms;
    while (scheduler.now() < end) {
      scheduler.advance(1000);
      power.idleSeconds = Math.floor((scheduler.now() - lastInput) / 1000);
    }
  };
  const activity = () => {
    lastInput = scheduler.now();
    power.idleSeconds = 0;
  };
  return { power, scheduler, facts, monitor, run, activity };
}

describe('IdleMonitor', () => {
  it('starts active, since it was created', () => {
    const t = setup();
    expect(t.monitor.snapshot()).toMatchObject({ state: 'active', since: t.scheduler.now() });
  });

  it('polls the OS idle time and reports idle within one poll of the threshold', () => {
    const t = setup();
    t.run(299_000);
    expect(t.facts).toEqual([]);
    t.run(11_000);
    expect(t.facts).toEqual([{ state: 'idle', since: expect.any(Number) }]);
    const since = t.facts[0]?.since ?? 0;
    expect(Math.abs(since - (t.scheduler.now() - t.power.idleSeconds * 1000))).toBeLessThanOrEqual(1000);
  });

  it('reports active on the first poll after input', () => {
    const t = setup();
    t.run(6 * 60_000);
    t.activity();
    t.run(10_000);
    expect(t.facts.map((fact) => fact.state)).toEqual(['idle', 'active']);
  });

  it('reacts to power events at once, without waiting for a poll', () => {
    const t = setup();
    t.power.emit('lock-screen');
    expect(t.facts).toEqual([{ state: 'locked', since: t.scheduler.now() }]);
    t.power.emit('unlock-screen');
    t.power.emit('suspend');
    t.power.emit('resume');
    expect(t.facts.map((fact) => fact.state)).toEqual(['locked', 'active', 'suspended', 'active']);
  });

  it('applies a new threshold from settings', () => {
    const t = setup();
    t.monitor.setThresholdSeconds(60);
    t.run(70_000);
    expect(t.facts.map((fact) => fact.state)).toEqual(['idle']);
  });

  it('stops polling and unsubscribes from power events', () => {
    const t = setup();
    expect(t.power.listenerCount()).toBe(4);
    t.monitor.stop();
    expect(t.power.listenerCount()).toBe(0);
    expect(t.scheduler.activeTimers).toBe(0);
    t.run(10 * 60_000);
    expect(t.facts).toEqual([]);
  });
});

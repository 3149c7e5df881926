import { describe, expect, it } from 'vitest';
import { type DeviceFact, type IdleInput, IdleMachine } from './idle-machine';

const MIN = 60;
const T0 = 1_700_000_000_000;

/** Drives the machine like the monitor does: the OS idle time read every 10 s. */
function harness(thresholdSeconds = 5 * MIN) {
  const machine = new IdleMachine(thresholdSeconds, T0);
  const facts: DeviceFact[] = [];
  let now = T0;
  const feed = (input: IdleInput) => {
    const fact = machine.handle(input);
    if (fact) facts.push(fact);
    return fact;
  };
  return {
    machine,
    facts,
    feed,
    /** Advance the fake clock, reading the OS idle time once per poll (10 s). */
    idleFor(seconds: number, startIdle = 0) {
      for (let s = startIdle + 10; s <= startIdle + seconds; s += 10) {
        now += 10_000;
        feed({ type: 'tick', idleSeconds: s, now });
      }
    },
    activity() {
      now += 10_000;
      return feed({ type: 'tick', idleSeconds: 1, now });
    },
    at: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('IdleMachine: inactivity', () => {
  it('reports idle since the last input once the threshold is reached, not before', () => {
    const h = harness();
    h.idleFor(290);
    expect(h.facts).toEqual([]);
    h.idleFor(10, 290);
    expect(h.facts).toEqual([{ state: 'idle', since: h.at() - 300_000 }]);
    expect(h.machine.snapshot()).toEqual({ state: 'idle', since: h.at() - 300_000, thresholdSeconds: 300 });
  });

  it('reports once per idle period', () => {
    const h = harness();
    h.idleFor(30 * MIN);
    expect(h.facts).toHaveLength(1);
  });

  it('reports active, since now, on input', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    expect(h.activity()).toEqual({ state: 'active', since: h.at() });
    expect(h.machine.snapshot()).toMatchObject({ state: 'active', since: h.at() });
  });

  it('goes idle again after a second inactivity', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    h.activity();
    h.idleFor(5 * MIN);
    expect(h.facts.map((fact) => fact.state)).toEqual(['idle', 'active', 'idle']);
  });

  it('uses a changed threshold', () => {
    const h = harness();
    expect(h.feed({ type: 'threshold', seconds: 10 * MIN })).toBeNull();
    h.idleFor(9 * MIN);
    expect(h.facts).toEqual([]);
    h.idleFor(MIN, 9 * MIN);
    expect(h.facts.map((fact) => fact.state)).toEqual(['idle']);
  });

  it('falls back to 5 minutes for a nonsensical threshold', () => {
    expect(new IdleMachine(Number.NaN, T0).snapshot().thresholdSeconds).toBe(300);
    expect(new IdleMachine(-1, T0).snapshot().thresholdSeconds).toBe(300);
  });

  it('ignores a nonsensical idle reading', () => {
    const h = harness();
    expect(h.feed({ type: 'tick', idleSeconds: Number.NaN, now: T0 })).toBeNull();
    expect(h.feed({ type: 'tick', idleSeconds: -5, now: T0 })).toBeNull();
    expect(h.machine.snapshot().state).toBe('active');
  });
});

describe('IdleMachine: lock screen and suspend', () => {
  it('reports locked at once and active on unlock', () => {
    const h = harness();
    expect(h.feed({ type: 'lock-screen', now: T0 })).toEqual({ state: 'locked', since: T0 });
    expect(h.feed({ type: 'unlock-screen', now: T0 + 5_000 })).toEqual({
      state: 'active',
      since: T0 + 5_000,
    });
  });

  it('reports suspended at once and active on resume', () => {
    const h = harness();
    expect(h.feed({ type: 'suspend', now: T0 })).toEqual({ state: 'suspended', since: T0 });
    expect(h.feed({ type: 'resume', now: T0 + 9_000 })).toEqual({ state: 'active', since: T0 + 9_000 });
  });

  it('ignores idle readings while locked (input on the lock screen is not the user back)', () => {
    const h = harness();
    h.feed({ type: 'lock-screen', now: h.at() });
    h.idleFor(10 * MIN);
    h.activity();
    expect(h.facts.map((fact) => fact.state)).toEqual(['locked']);
    expect(h.machine.snapshot().state).toBe('locked');
  });

  it('keeps the start of the time away when the screen locks after inactivity', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    const idleSince = h.facts[0]?.since;
    expect(h.feed({ type: 'lock-screen', now: h.at() })).toEqual({ state: 'locked', since: idleSince });
    expect(h.feed({ type: 'unlock-screen', now: h.at() })).toEqual({ state: 'active', since: h.at() });
  });

  it('locked, then suspended: one more fact, the same since', () => {
    const h = harness();
    h.feed({ type: 'lock-screen', now: T0 });
    expect(h.feed({ type: 'suspend', now: T0 + 60_000 })).toEqual({ state: 'suspended', since: T0 });
  });

  it('handles a sleep much longer than the threshold', () => {
    const h = harness();
    h.feed({ type: 'suspend', now: h.at() });
    h.advance(3 * 60 * MIN * 1000);
    // No ticks while asleep; after waking, the OS may still report the long idle time.
    h.feed({ type: 'tick', idleSeconds: 3 * 60 * MIN, now: h.at() });
    expect(h.facts).toHaveLength(1);
    h.feed({ type: 'resume', now: h.at() });
    expect(h.facts).toEqual([
      { state: 'suspended', since: T0 },
      { state: 'active', since: h.at() },
    ]);
  });

  it('treats input after a missed resume event as the user being back', () => {
    const h = harness();
    h.feed({ type: 'suspend', now: h.at() });
    h.feed({ type: 'tick', idleSeconds: 4000, now: h.at() + 4_000_000 });
    h.feed({ type: 'tick', idleSeconds: 2, now: h.at() + 4_010_000 });
    expect(h.facts.map((fact) => fact.state)).toEqual(['suspended', 'active']);
  });

  it('after a sleep without any power event, a long idle reading is idle and input is active', () => {
    const h = harness();
    h.feed({ type: 'tick', idleSeconds: 5, now: h.at() });
    h.feed({ type: 'tick', idleSeconds: 2 * 60 * MIN, now: h.at() + 7_200_000 });
    h.feed({ type: 'tick', idleSeconds: 1, now: h.at() + 7_210_000 });
    expect(h.facts.map((fact) => fact.state)).toEqual(['idle', 'active']);
  });

  it('survives rapid lock/unlock and ends where it started', () => {
    const h = harness();
    for (let i = 0; i < 5; i++) {
      h.feed({ type: 'lock-screen', now: h.at() + i * 200 });
      h.feed({ type: 'unlock-screen', now: h.at() + i * 200 + 100 });
    }
    expect(h.facts).toHaveLength(10);
    expect(h.machine.snapshot().state).toBe('active');
  });

  it('an unlock or resume while active reports nothing', () => {
    const h = harness();
    expect(h.feed({ type: 'unlock-screen', now: h.at() })).toBeNull();
    expect(h.feed({ type: 'resume', now: h.at() })).toBeNull();
  });
});

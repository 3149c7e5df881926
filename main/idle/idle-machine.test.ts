import type { PresenceSetPayload, PresenceStatus } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { type IdleInput, IdleMachine } from './idle-machine';

const MIN = 60;
const T0 = 1_700_000_000_000;

/** Drives the machine like the app does: the renderer echoes each request back as the server's answer. */
function harness(initial: PresenceStatus | null = 'available', thresholdSeconds = 5 * MIN) {
  const machine = new IdleMachine(thresholdSeconds);
  const sent: PresenceSetPayload[] = [];
  let now = T0;
  const feed = (input: IdleInput, echo = true) => {
    const requests = machine.handle(input);
    sent.push(...requests);
    if (echo) for (const request of requests) machine.handle({ type: 'presence', status: request.status });
    return requests;
  };
  if (initial !== null) feed({ type: 'presence', status: initial });
  return {
    machine,
    sent,
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
  it('sets Away with auto and idleSince once the threshold is reached, not before', () => {
    const h = harness();
    h.idleFor(290);
    expect(h.sent).toEqual([]);
    h.idleFor(10, 290);
    expect(h.sent).toEqual([{ status: 'away', auto: true, idleSince: h.at() - 300_000 }]);
    expect(h.machine.snapshot()).toMatchObject({ phase: 'idle', status: 'away', restoreTo: 'available' });
  });

  it('asks only once per idle period', () => {
    const h = harness();
    h.idleFor(30 * MIN);
    expect(h.sent).toHaveLength(1);
  });

  it('restores Available on activity', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    const requests = h.activity();
    expect(requests).toEqual([{ status: 'available', auto: true, idleSince: null }]);
    expect(h.machine.snapshot()).toMatchObject({ phase: 'active', status: 'available', idleSince: null });
  });

  it('goes idle again after a second inactivity', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    h.activity();
    h.idleFor(5 * MIN);
    expect(h.sent.map((r) => r.status)).toEqual(['away', 'available', 'away']);
  });

  it('uses a changed threshold', () => {
    const h = harness();
    h.feed({ type: 'threshold', seconds: 10 * MIN });
    h.idleFor(9 * MIN);
    expect(h.sent).toEqual([]);
    h.idleFor(MIN, 9 * MIN);
    expect(h.sent.map((r) => r.status)).toEqual(['away']);
  });

  it('ignores a nonsensical idle reading', () => {
    const h = harness();
    expect(h.feed({ type: 'tick', idleSeconds: Number.NaN, now: T0 })).toEqual([]);
    expect(h.feed({ type: 'tick', idleSeconds: -5, now: T0 })).toEqual([]);
  });
});

describe.each(['busy', 'dnd', 'offline'] as const)('IdleMachine: %s is never overridden', (status) => {
  it('tells the server idleSince with the current status, and clears it on activity', () => {
    const h = harness(status);
    h.idleFor(5 * MIN);
    expect(h.sent).toEqual([{ status, idleSince: h.at() - 300_000 }]);
    h.activity();
    expect(h.sent[1]).toEqual({ status, idleSince: null });
  });

  it('keeps it on lock and unlock', () => {
    const h = harness(status);
    h.feed({ type: 'lock-screen', now: h.at() });
    h.feed({ type: 'unlock-screen', now: h.at() + 60_000 });
    expect(h.sent).toEqual([
      { status, idleSince: h.at() },
      { status, idleSince: null },
    ]);
  });
});

describe('IdleMachine: a manual Away', () => {
  it('is kept, and not turned into Available on activity', () => {
    const h = harness('away');
    h.idleFor(5 * MIN);
    h.activity();
    expect(h.sent).toEqual([
      { status: 'away', idleSince: h.at() - 10_000 - 300_000 },
      { status: 'away', idleSince: null },
    ]);
    expect(h.sent.some((r) => r.status === 'available')).toBe(false);
  });
});

describe('IdleMachine: lock screen and suspend', () => {
  it('sets Away at once on lock and restores on unlock', () => {
    const h = harness();
    h.feed({ type: 'lock-screen', now: h.at() });
    expect(h.sent).toEqual([{ status: 'away', auto: true, idleSince: T0 }]);
    h.feed({ type: 'unlock-screen', now: h.at() + 5_000 });
    expect(h.sent[1]).toEqual({ status: 'available', auto: true, idleSince: null });
  });

  it('ignores idle readings while locked (input on the lock screen is not the user back)', () => {
    const h = harness();
    h.feed({ type: 'lock-screen', now: h.at() });
    h.idleFor(10 * MIN);
    h.activity();
    expect(h.sent.map((r) => r.status)).toEqual(['away']);
    expect(h.machine.snapshot().phase).toBe('locked');
  });

  it('keeps the earlier idleSince when the screen locks after inactivity', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    const idleSince = h.sent[0]?.idleSince;
    h.feed({ type: 'lock-screen', now: h.at() });
    expect(h.sent).toHaveLength(1);
    expect(h.machine.snapshot()).toMatchObject({ phase: 'locked', idleSince });
    h.feed({ type: 'unlock-screen', now: h.at() });
    expect(h.sent[1]).toEqual({ status: 'available', auto: true, idleSince: null });
  });

  it('handles a sleep much longer than the threshold', () => {
    const h = harness();
    h.feed({ type: 'suspend', now: h.at() });
    h.advance(3 * 60 * MIN * 1000);
    // No ticks while asleep; after waking, the OS may still report the long idle time.
    h.feed({ type: 'tick', idleSeconds: 3 * 60 * MIN, now: h.at() });
    expect(h.sent).toHaveLength(1);
    h.feed({ type: 'resume', now: h.at() });
    expect(h.sent).toEqual([
      { status: 'away', auto: true, idleSince: T0 },
      { status: 'available', auto: true, idleSince: null },
    ]);
  });

  it('treats input after a missed resume event as the user being back', () => {
    const h = harness();
    h.feed({ type: 'suspend', now: h.at() });
    h.feed({ type: 'tick', idleSeconds: 4000, now: h.at() + 4_000_000 });
    h.feed({ type: 'tick', idleSeconds: 2, now: h.at() + 4_010_000 });
    expect(h.sent.map((r) => r.status)).toEqual(['away', 'available']);
  });

  it('after a sleep without any power event, a long idle reading sets Away and input restores', () => {
    const h = harness();
    h.feed({ type: 'tick', idleSeconds: 5, now: h.at() });
    h.feed({ type: 'tick', idleSeconds: 2 * 60 * MIN, now: h.at() + 7_200_000 });
    h.feed({ type: 'tick', idleSeconds: 1, now: h.at() + 7_210_000 });
    expect(h.sent.map((r) => [r.status, r.auto])).toEqual([
      ['away', true],
      ['available', true],
    ]);
  });

  it('survives rapid lock/unlock and ends where it started', () => {
    const h = harness();
    for (let i = 0; i < 5; i++) {
      h.feed({ type: 'lock-screen', now: h.at() + i * 200 });
      h.feed({ type: 'unlock-screen', now: h.at() + i * 200 + 100 });
    }
    expect(h.sent).toHaveLength(10);
    expect(h.sent.at(-1)).toEqual({ status: 'available', auto: true, idleSince: null });
    expect(h.machine.snapshot()).toMatchObject({ phase: 'active', status: 'available', restoreTo: null });
  });

  it('restores correctly when the echoes arrive late (rapid lock/unlock before the server answers)', () => {
    const h = harness();
    const lock = h.feed({ type: 'lock-screen', now: h.at() }, false);
    const unlock = h.feed({ type: 'unlock-screen', now: h.at() + 100 }, false);
    // The server's answers, in order, after both requests went out.
    h.feed({ type: 'presence', status: lock[0]?.status ?? null });
    h.feed({ type: 'presence', status: unlock[0]?.status ?? null });
    expect(h.sent.map((r) => r.status)).toEqual(['away', 'available']);
    expect(h.machine.snapshot()).toMatchObject({ status: 'available', restoreTo: null });
  });

  it('an unlock without a lock does nothing', () => {
    const h = harness();
    expect(h.feed({ type: 'unlock-screen', now: h.at() })).toEqual([]);
    expect(h.feed({ type: 'resume', now: h.at() })).toEqual([]);
  });
});

describe('IdleMachine: status changes while away', () => {
  it('does not restore when the user picked another status meanwhile (e.g. Busy on the phone)', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    h.feed({ type: 'presence', status: 'busy' });
    h.activity();
    expect(h.sent).toEqual([
      { status: 'away', auto: true, idleSince: expect.any(Number) },
      { status: 'busy', idleSince: null },
    ]);
  });

  it('never loops when the server keeps the user Available (another device is active)', () => {
    const h = harness();
    h.idleFor(5 * MIN);
    // The server answers Available instead of Away, repeatedly.
    for (let i = 0; i < 5; i++) h.feed({ type: 'presence', status: 'available' });
    h.idleFor(5 * MIN, 5 * MIN);
    expect(h.sent).toHaveLength(1);
    h.activity();
    expect(h.sent[1]).toEqual({ status: 'available', auto: true, idleSince: null });
  });

  it('forgets the away on sign-out', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    h.feed({ type: 'signed-out' });
    expect(h.activity()).toEqual([]);
  });

  it('still restores Available after the page reloaded during an automatic away', () => {
    const h = harness();
    h.idleFor(6 * MIN);
    expect(h.sent).toEqual([{ status: 'away', auto: true, idleSince: expect.any(Number) }]);
    // The page reloads: the status is unknown, then the new page reports the server's Away.
    h.feed({ type: 'presence', status: null });
    h.feed({ type: 'presence', status: 'away' });
    expect(h.sent).toHaveLength(1);
    expect(h.activity()).toEqual([{ status: 'available', auto: true, idleSince: null }]);
  });
});

describe('IdleMachine: not signed in', () => {
  it('sends nothing while there is no status, and announces once signed in while idle', () => {
    const h = harness(null);
    h.idleFor(6 * MIN);
    expect(h.sent).toEqual([]);
    h.feed({ type: 'presence', status: 'available' });
    expect(h.sent).toEqual([{ status: 'away', auto: true, idleSince: expect.any(Number) }]);
    h.activity();
    expect(h.sent[1]).toEqual({ status: 'available', auto: true, idleSince: null });
  });
});

import type { Presence, PresenceSetPayload } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { type PresenceChange, PresenceEngine } from './engine';
import { FakeClock } from './fake-clock';

const T0 = 1_700_000_000_000;
const GRACE = 10_000;
const U = 'u1';
/** A time relative to the test's start. */
const at = (ms: number) => T0 + ms;

type Expected = Partial<Omit<Presence, 'userId'>>;
type Step =
  | { connect: string }
  | { disconnect: string }
  | { set: string; payload: PresenceSetPayload }
  | { advance: number }
  /** What others and the user's own sessions see now, and whether events were emitted since the last check. */
  | { expect: { others?: Expected; own?: Expected; events?: 'none' | 'others' | 'own-only' } };

interface Scenario {
  name: string;
  steps: Step[];
}

const available = { status: 'available', idleSince: null } as const;
const offline = { status: 'offline', message: null, idleSince: null } as const;

const scenarios: Scenario[] = [
  {
    name: 'a first session makes the user available',
    steps: [
      { expect: { others: offline } },
      { connect: 's1' },
      { expect: { others: available, events: 'others' } },
    ],
  },
  {
    name: 'one idle session shows automatic away with idleSince',
    steps: [
      { connect: 's1' },
      { advance: 1000 },
      { set: 's1', payload: { status: 'away', auto: true, idleSince: at(500) } },
      { expect: { others: { status: 'away', idleSince: at(500), updatedAt: at(1000) }, events: 'others' } },
      { advance: 1000 },
      { set: 's1', payload: { status: 'available', auto: true } },
      { expect: { others: { ...available, updatedAt: at(2000) }, events: 'others' } },
    ],
  },
  {
    name: 'automatic away only while every session is idle; idleSince is when the last one went idle',
    steps: [
      { connect: 's1' },
      { connect: 's2' },
      { expect: { events: 'others' } },
      { set: 's1', payload: { status: 'away', auto: true, idleSince: at(0) } },
      // Only the own view's device list changed.
      { expect: { others: available, events: 'own-only' } },
      { advance: 3000 },
      { set: 's2', payload: { status: 'away', auto: true } },
      { expect: { others: { status: 'away', idleSince: at(3000) }, events: 'others' } },
      { set: 's1', payload: { status: 'available', auto: true } },
      { expect: { others: available, events: 'others' } },
    ],
  },
  {
    name: 'a new active session ends automatic away; its leaving restores it',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'away', auto: true } },
      { connect: 's2' },
      { expect: { others: available } },
      { disconnect: 's2' },
      { expect: { others: { status: 'away', idleSince: at(0) }, events: 'others' } },
    ],
  },
  {
    name: 'manual away sticks when the session becomes active again',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'away' } },
      { expect: { others: { status: 'away', idleSince: null } } },
      { set: 's1', payload: { status: 'away', auto: true } },
      { expect: { others: { status: 'away', idleSince: at(0) } } },
      { set: 's1', payload: { status: 'available', auto: true } },
      { expect: { others: { status: 'away', idleSince: null } } },
      { set: 's1', payload: { status: 'available' } },
      { expect: { others: available } },
    ],
  },
  ...(['busy', 'dnd'] as const).map(
    (status): Scenario => ({
      name: `idle over ${status} keeps ${status} with idleSince`,
      steps: [
        { connect: 's1' },
        { set: 's1', payload: { status, message: 'Quarterly review' } },
        { advance: 60_000 },
        { set: 's1', payload: { status: 'away', auto: true, idleSince: at(30_000) } },
        { expect: { others: { status, message: 'Quarterly review', idleSince: at(30_000) } } },
        { set: 's1', payload: { status: 'available', auto: true } },
        { expect: { others: { status, idleSince: null } } },
      ],
    }),
  ),
  {
    name: 'appear offline: others see offline without note, own sessions see the real state',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'offline', message: 'heads down' } },
      {
        expect: {
          others: offline,
          own: { status: 'offline', message: 'heads down', idleSince: null },
          events: 'others',
        },
      },
      { advance: 1000 },
      { set: 's1', payload: { status: 'offline', message: 'still heads down' } },
      {
        expect: {
          others: { ...offline, updatedAt: at(0) },
          own: { updatedAt: at(1000) },
          events: 'own-only',
        },
      },
      { set: 's1', payload: { status: 'available' } },
      { expect: { others: { ...available, message: 'still heads down' }, events: 'others' } },
    ],
  },
  {
    name: 'the last session leaving shows offline only after the grace period',
    steps: [
      { connect: 's1' },
      { expect: { events: 'others' } },
      { disconnect: 's1' },
      { expect: { others: available, events: 'none' } },
      { advance: GRACE - 1 },
      { expect: { others: available, events: 'none' } },
      { advance: 1 },
      { expect: { others: { ...offline, updatedAt: at(GRACE) }, events: 'others' } },
    ],
  },
  {
    name: 'a reconnect within the grace period changes nothing anyone sees',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'busy', message: 'call' } },
      { expect: { events: 'others' } },
      { disconnect: 's1' },
      { advance: GRACE - 100 },
      { connect: 's2' },
      { advance: GRACE * 2 },
      // The user's own sessions see the new device, others nothing at all.
      { expect: { others: { status: 'busy', message: 'call', updatedAt: at(0) }, events: 'own-only' } },
    ],
  },
  {
    name: 'a reconnect within grace drops an idle that belonged to the closed session',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'away', auto: true } },
      { disconnect: 's1' },
      { advance: 1000 },
      { connect: 's2' },
      { expect: { others: available } },
    ],
  },
  ...(['busy', 'dnd', 'offline'] as const).map(
    (status): Scenario => ({
      name: `manual ${status} survives an offline period`,
      steps: [
        { connect: 's1' },
        { set: 's1', payload: { status, message: 'note' } },
        { disconnect: 's1' },
        { advance: GRACE * 3 },
        { connect: 's2' },
        { expect: { own: { status, message: 'note' } } },
      ],
    }),
  ),
  {
    name: 'manual away does not survive an offline period (the note does)',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'away', message: 'lunch' } },
      { disconnect: 's1' },
      { advance: GRACE },
      { connect: 's2' },
      { expect: { others: { ...available, message: 'lunch' } } },
    ],
  },
  {
    name: 'an omitted message keeps the note, null or "" clears it',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'busy', message: 'in a call' } },
      { set: 's1', payload: { status: 'dnd' } },
      { expect: { others: { status: 'dnd', message: 'in a call' } } },
      { set: 's1', payload: { status: 'dnd', message: null } },
      { expect: { others: { message: null } } },
      { set: 's1', payload: { status: 'dnd', message: 'x' } },
      { set: 's1', payload: { status: 'dnd', message: '' } },
      { expect: { others: { message: null } } },
    ],
  },
  {
    name: 'setting the same presence again changes nothing, not even updatedAt',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'busy' } },
      { expect: { events: 'others' } },
      { advance: 5000 },
      { set: 's1', payload: { status: 'busy' } },
      { expect: { others: { status: 'busy', updatedAt: at(0) }, events: 'none' } },
    ],
  },
  {
    name: 'an idleSince in the future is clamped to now',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'away', auto: true, idleSince: at(99_000) } },
      { expect: { others: { status: 'away', idleSince: at(0) } } },
    ],
  },
  {
    name: 'automatic offline (suspend) marks the session idle',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'offline', auto: true } },
      { expect: { others: { status: 'away', idleSince: at(0) } } },
    ],
  },
  {
    name: 'a manual change with idleSince marks the session idle',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'available', idleSince: at(0) } },
      { expect: { others: { status: 'away', idleSince: at(0) } } },
      { set: 's1', payload: { status: 'busy' } },
      { expect: { others: { status: 'busy', idleSince: null } } },
    ],
  },
];

function run(scenario: Scenario): void {
  const clock = new FakeClock(T0);
  const engine = new PresenceEngine({ clock, graceMs: GRACE });
  let events: PresenceChange[] = [];
  engine.onChange((change) => events.push(change));
  for (const step of scenario.steps) {
    if ('connect' in step) engine.connect(U, step.connect);
    else if ('disconnect' in step) engine.disconnect(U, step.disconnect);
    else if ('set' in step) engine.set(U, step.set, step.payload);
    else if ('advance' in step) clock.advance(step.advance);
    else {
      const { others, own, events: expectedEvents } = step.expect;
      if (others) expect(engine.presenceOf(U)).toMatchObject({ userId: U, ...others });
      if (own) expect(engine.viewFor(U, U)).toMatchObject({ userId: U, ...own });
      if (expectedEvents === 'none') expect(events).toEqual([]);
      if (expectedEvents === 'others') expect(events.some((e) => e.others)).toBe(true);
      if (expectedEvents === 'own-only') {
        expect(events.length).toBeGreaterThan(0);
        expect(events.every((e) => e.own && !e.others)).toBe(true);
      }
      events = [];
    }
  }
}

describe('PresenceEngine', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => run(scenario));

  it('reports a user never seen as offline since the engine started', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    expect(engine.presenceOf('nobody')).toEqual({
      userId: 'nobody',
      ...offline,
      updatedAt: T0,
      source: 'offline',
      activity: null,
      until: null,
    });
  });

  it('keeps users apart', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    engine.connect('a', 's1');
    engine.connect('b', 's2');
    engine.set('a', 's1', { status: 'dnd' });
    expect(engine.presenceOf('a').status).toBe('dnd');
    expect(engine.presenceOf('b').status).toBe('available');
  });

  it('shows others what the user sees, without chosen, devices and out of office', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    engine.connect(U, 's1');
    const { chosen, devices, outOfOffice, ...shared } = engine.viewFor(U, U);
    expect(chosen).toEqual({ status: 'available', message: null, until: null });
    expect(devices).toEqual([{ sessionId: 's1', label: 'Unknown device', state: 'active', since: T0 }]);
    expect(outOfOffice).toBeNull();
    expect(engine.viewFor('someone', U)).toEqual(shared);
  });

  it('goes offline at once with a zero grace period', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: 0 });
    engine.connect(U, 's1');
    engine.disconnect(U, 's1');
    expect(engine.presenceOf(U).status).toBe('offline');
  });

  it('refuses a change from a session that is not connected', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    expect(() => engine.set(U, 'ghost', { status: 'busy' })).toThrow(/not connected/);
  });

  it('cancels grace timers when disposed', () => {
    const clock = new FakeClock(T0);
    const engine = new PresenceEngine({ clock, graceMs: GRACE });
    engine.connect(U, 's1');
    engine.disconnect(U, 's1');
    expect(clock.pendingTimers).toBe(1);
    engine.dispose();
    expect(clock.pendingTimers).toBe(0);
  });

  it('ignores a disconnect of an unknown session', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    engine.connect(U, 's1');
    engine.disconnect(U, 'other');
    engine.disconnect('nobody', 'x');
    expect(engine.sessionCount(U)).toBe(1);
  });
});

import type { DeviceActivityPayload, OutOfOffice, Presence, PresenceSetPayload } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { type ClaimInput, type PresenceChange, PresenceEngine } from './engine';
import { FakeClock } from './fake-clock';

const T0 = 1_700_000_000_000;
const GRACE = 10_000;
const U = 'u1';
const MIN = 60_000;
const at = (ms: number) => T0 + ms;

type Expected = Partial<Omit<Presence, 'userId'>>;
type Step =
  | { connect: string }
  | { disconnect: string }
  | { set: string; payload: PresenceSetPayload }
  | { device: string; payload: DeviceActivityPayload }
  | { ooo: OutOfOffice | null }
  | { claim: ClaimInput }
  | { clearClaim: { source: string; id: string } }
  | { advance: number }
  /** `eventAt`: an event with the others' view was emitted at exactly this time since the last check. */
  | { expect: { others?: Expected; own?: Expected; eventAt?: number } };

/** Each scenario's name is cited by docs/presence.md ("Precedence, worked examples"). */
const scenarios: Array<{ name: string; steps: Step[] }> = [
  {
    name: 'P1 a connected user who chose nothing is available, source manual',
    steps: [
      { connect: 's1' },
      { expect: { others: { status: 'available', source: 'manual', activity: null, until: null } } },
    ],
  },
  {
    name: 'P2 out of office shows away with its message as activity, until its end',
    steps: [
      { connect: 's1' },
      { ooo: { from: at(0), to: at(60 * MIN), message: 'Back Monday' } },
      {
        expect: {
          others: { status: 'away', source: 'out_of_office', activity: 'Back Monday', until: at(60 * MIN) },
        },
      },
    ],
  },
  {
    name: 'P3 out of office without a message says "Out of office"',
    steps: [
      { connect: 's1' },
      { ooo: { from: at(0), to: at(MIN), message: null } },
      { expect: { others: { activity: 'Out of office' } } },
    ],
  },
  {
    name: 'P4 a stricter chosen status beats out of office',
    steps: [
      { connect: 's1' },
      { ooo: { from: at(0), to: at(MIN), message: 'Vacation' } },
      { set: 's1', payload: { status: 'busy', message: 'Release' } },
      { expect: { others: { status: 'busy', source: 'manual', activity: null, message: 'Release' } } },
    ],
  },
  {
    name: 'P5 chosen away ties with out of office, which explains itself',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'away' } },
      { ooo: { from: at(0), to: at(MIN), message: 'Vacation' } },
      { expect: { others: { status: 'away', source: 'out_of_office', activity: 'Vacation' } } },
    ],
  },
  {
    name: 'P6 a claim beats a milder chosen status',
    steps: [
      { connect: 's1' },
      { claim: { source: 'phone', id: 'call-1', status: 'busy', activity: 'On a call', until: at(5 * MIN) } },
      {
        expect: {
          others: { status: 'busy', source: 'integration', activity: 'On a call', until: at(5 * MIN) },
        },
      },
    ],
  },
  {
    name: 'P7 chosen dnd beats a busy claim',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'dnd' } },
      { claim: { source: 'phone', id: 'c', status: 'busy', activity: 'On a call', until: at(MIN) } },
      { expect: { others: { status: 'dnd', source: 'manual', activity: null } } },
    ],
  },
  {
    name: 'P8 the strictest of several claims decides',
    steps: [
      { connect: 's1' },
      { claim: { source: 'calendar', id: 'm', status: 'busy', activity: 'In a meeting', until: at(MIN) } },
      { claim: { source: 'alerting', id: 'p', status: 'dnd', activity: 'On duty', until: at(2 * MIN) } },
      { expect: { others: { status: 'dnd', activity: 'On duty', until: at(2 * MIN) } } },
      { clearClaim: { source: 'alerting', id: 'p' } },
      { expect: { others: { status: 'busy', activity: 'In a meeting' } } },
    ],
  },
  {
    name: 'P9 every session idle turns available into away, source idle',
    steps: [
      { connect: 's1' },
      { device: 's1', payload: { state: 'idle', since: at(0) } },
      { expect: { others: { status: 'away', source: 'idle', idleSince: at(0), until: null } } },
    ],
  },
  {
    name: 'P10 every session locked or suspended: away, source locked',
    steps: [
      { connect: 's1' },
      { connect: 's2' },
      { device: 's1', payload: { state: 'locked' } },
      { expect: { others: { status: 'available' } } },
      { device: 's2', payload: { state: 'suspended' } },
      { expect: { others: { status: 'away', source: 'locked' } } },
      { device: 's2', payload: { state: 'idle' } },
      { expect: { others: { status: 'away', source: 'idle' } } },
    ],
  },
  {
    name: 'P11 idle over a claim keeps the claim, with idleSince',
    steps: [
      { connect: 's1' },
      { claim: { source: 'phone', id: 'c', status: 'busy', activity: 'On a call', until: at(MIN) } },
      { device: 's1', payload: { state: 'idle', since: at(0) } },
      { expect: { others: { status: 'busy', source: 'integration', idleSince: at(0) } } },
    ],
  },
  {
    name: 'P12 appear offline beats every layer; the own view keeps the truth',
    steps: [
      { connect: 's1' },
      { claim: { source: 'phone', id: 'c', status: 'busy', activity: 'On a call', until: at(MIN) } },
      { set: 's1', payload: { status: 'offline', message: 'heads down' } },
      { expect: { others: { status: 'offline', source: 'offline', activity: null, message: null } } },
      { expect: { own: { status: 'offline', source: 'manual', message: 'heads down' } } },
    ],
  },
  {
    name: 'P13 OS focus (Focus Assist) is a Do not disturb claim of its session',
    steps: [
      { connect: 's1' },
      { connect: 's2' },
      { device: 's1', payload: { state: 'active', osFocus: { name: 'Focus Assist' } } },
      { expect: { others: { status: 'dnd', source: 'integration', activity: 'Focus Assist', until: null } } },
      { device: 's1', payload: { state: 'active', osFocus: null } },
      { expect: { others: { status: 'available', source: 'manual' } } },
      { device: 's2', payload: { state: 'active', osFocus: { name: 'Focus' } } },
      { disconnect: 's2' },
      { expect: { others: { status: 'available', activity: null } } },
    ],
  },
  // Expiry: each layer gives way at its end, at once, with an event.
  {
    name: 'E1 a chosen until returns to available and clears the note',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'busy', message: 'Focus time', until: at(30 * MIN) } },
      { expect: { others: { status: 'busy', until: at(30 * MIN) } } },
      { advance: 30 * MIN - 1 },
      { expect: { others: { status: 'busy' } } },
      { advance: 1 },
      { expect: { others: { status: 'available', message: null, until: null }, eventAt: at(30 * MIN) } },
      { expect: { own: { chosen: { status: 'available', message: null, until: null } } } },
    ],
  },
  {
    name: 'E2 out of office starts at from and ends at to',
    steps: [
      { connect: 's1' },
      { ooo: { from: at(10 * MIN), to: at(20 * MIN), message: 'Dentist' } },
      {
        expect: {
          others: { status: 'available' },
          own: { outOfOffice: { from: at(10 * MIN), to: at(20 * MIN), message: 'Dentist' } },
        },
      },
      { advance: 10 * MIN },
      { expect: { others: { status: 'away', source: 'out_of_office' }, eventAt: at(10 * MIN) } },
      { advance: 10 * MIN },
      {
        expect: {
          others: { status: 'available', source: 'manual' },
          own: { outOfOffice: null },
          eventAt: at(20 * MIN),
        },
      },
    ],
  },
  {
    name: 'E3 a claim ends at its until and the layer below shows',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'away' } },
      { claim: { source: 'phone', id: 'c', status: 'busy', activity: 'On a call', until: at(3 * MIN) } },
      { advance: 3 * MIN },
      { expect: { others: { status: 'away', source: 'manual', activity: null }, eventAt: at(3 * MIN) } },
    ],
  },
  {
    name: 'E4 a claim without an end lasts 24 hours',
    steps: [
      { connect: 's1' },
      { claim: { source: 'bot', id: 'x', status: 'busy', activity: 'Deploying' } },
      { expect: { others: { until: at(24 * 60 * MIN) } } },
      { advance: 24 * 60 * MIN },
      { expect: { others: { status: 'available' }, eventAt: at(24 * 60 * MIN) } },
    ],
  },
  {
    name: 'E5 chosen busy until T under out of office: out of office shows at T',
    steps: [
      { connect: 's1' },
      { ooo: { from: at(0), to: at(60 * MIN), message: 'Offsite' } },
      { set: 's1', payload: { status: 'busy', until: at(MIN) } },
      { advance: MIN },
      {
        expect: {
          others: { status: 'away', source: 'out_of_office', until: at(60 * MIN) },
          eventAt: at(MIN),
        },
      },
    ],
  },
  {
    name: 'E6 a chosen until passing while offline shows when the user returns',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'dnd', until: at(MIN) } },
      { disconnect: 's1' },
      { advance: 2 * MIN },
      { connect: 's2' },
      { expect: { others: { status: 'available', until: null } } },
    ],
  },
  // Bug (a) of issue 9: device reports never change the chosen layer.
  {
    name: 'D1 device reports never change chosen (bug a: away must not stick)',
    steps: [
      { connect: 'phone' },
      { connect: 'desktop' },
      { set: 'phone', payload: { status: 'busy' } },
      { set: 'desktop', payload: { status: 'away', auto: true, idleSince: at(0) } },
      { set: 'phone', payload: { status: 'available' } },
      { set: 'phone', payload: { status: 'away', auto: true } },
      {
        expect: {
          others: { status: 'away', source: 'idle' },
          own: { chosen: { status: 'available', message: null, until: null } },
        },
      },
      { device: 'desktop', payload: { state: 'active' } },
      { set: 'desktop', payload: { status: 'available', auto: true, idleSince: null } },
      {
        expect: {
          others: { status: 'available', source: 'manual' },
          own: { chosen: { status: 'available', message: null, until: null } },
        },
      },
      { device: 'phone', payload: { state: 'locked' } },
      { device: 'phone', payload: { state: 'suspended' } },
      { expect: { own: { chosen: { status: 'available', message: null, until: null } } } },
    ],
  },
  {
    name: 'D2 device since is clamped to now and kept while the state stays',
    steps: [
      { connect: 's1' },
      { advance: 1000 },
      { device: 's1', payload: { state: 'idle', since: at(99_000), label: 'Windows laptop' } },
      { advance: 1000 },
      { device: 's1', payload: { state: 'idle' } },
      {
        expect: {
          own: { devices: [{ sessionId: 's1', label: 'Windows laptop', state: 'idle', since: at(1000) }] },
        },
      },
    ],
  },
  {
    name: 'G1 layers expiring during the grace period: offline after grace, no flap',
    steps: [
      { connect: 's1' },
      { set: 's1', payload: { status: 'busy', until: at(GRACE / 2) } },
      { disconnect: 's1' },
      { advance: GRACE / 2 },
      { expect: { others: { status: 'busy' } } },
      { advance: GRACE / 2 },
      { expect: { others: { status: 'offline', source: 'offline', until: null }, eventAt: at(GRACE) } },
    ],
  },
];

function run(steps: Step[]): void {
  const clock = new FakeClock(T0);
  const engine = new PresenceEngine({ clock, graceMs: GRACE });
  let events: Array<PresenceChange & { at: number }> = [];
  engine.onChange((change) => events.push({ ...change, at: clock.now() }));
  for (const step of steps) {
    if ('connect' in step) engine.connect(U, step.connect);
    else if ('disconnect' in step) engine.disconnect(U, step.disconnect);
    else if ('set' in step) engine.set(U, step.set, step.payload);
    else if ('device' in step) engine.reportDevice(U, step.device, step.payload);
    else if ('ooo' in step) engine.setOutOfOffice(U, step.ooo);
    else if ('claim' in step) engine.setClaim(U, step.claim);
    else if ('clearClaim' in step) engine.clearClaim(U, step.clearClaim.source, step.clearClaim.id);
    else if ('advance' in step) clock.advance(step.advance);
    else {
      const { others, own, eventAt } = step.expect;
      if (others) expect(engine.presenceOf(U)).toMatchObject(others);
      if (own) expect(engine.viewFor(U, U)).toMatchObject(own);
      if (eventAt !== undefined) {
        const last = events.filter((e) => e.others).at(-1);
        expect(last?.at).toBe(eventAt);
        expect(last?.others?.updatedAt).toBe(eventAt);
      }
      events = [];
    }
  }
}

describe('PresenceEngine layers', () => {
  it.each(scenarios.map((s) => [s.name, s.steps] as const))('%s', (_name, steps) => run(steps));

  it('never shows others chosen, devices or out of office', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    engine.connect(U, 's1');
    engine.setOutOfOffice(U, { from: at(MIN), to: at(2 * MIN), message: 'x' });
    const others = engine.viewFor('someone', U);
    expect(others).not.toHaveProperty('chosen');
    expect(others).not.toHaveProperty('devices');
    expect(others).not.toHaveProperty('outOfOffice');
  });

  it.each([
    ['in the past', at(-1), /^until: must be in the future/],
    ['now', at(0), /^until: must be in the future/],
    ['more than a year ahead', at(367 * 24 * 60 * MIN), /^until: may lie at most/],
  ])('refuses a chosen until %s as invalid', (_name, until, message) => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    engine.connect(U, 's1');
    expect(() => engine.set(U, 's1', { status: 'busy', until })).toThrow(message);
    expect(engine.viewFor(U, U).chosen?.status).toBe('available');
  });

  it('refuses an out of office that has already ended', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    expect(() => engine.setOutOfOffice(U, { from: at(-2 * MIN), to: at(-MIN), message: null })).toThrow(
      /^to: must be in the future/,
    );
  });

  it('keeps a single armed timer for many users with deadlines', () => {
    const clock = new FakeClock(T0);
    const engine = new PresenceEngine({ clock, graceMs: GRACE });
    for (let i = 0; i < 1000; i++) {
      engine.connect(`u${i}`, `s${i}`);
      engine.set(`u${i}`, `s${i}`, { status: 'busy', until: at(MIN + i) });
    }
    expect(clock.pendingTimers).toBe(1);
    const changed: string[] = [];
    engine.onChange((change) => {
      if (change.others?.status === 'available') changed.push(change.userId);
    });
    clock.advance(MIN + 999);
    expect(changed).toHaveLength(1000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reports appear offline to the typing and read filters', () => {
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: GRACE });
    engine.connect(U, 's1');
    expect(engine.appearsOffline(U)).toBe(false);
    engine.set(U, 's1', { status: 'offline' });
    expect(engine.appearsOffline(U)).toBe(true);
  });
});

describe('PresenceEngine idle precision', () => {
  const idleAt = 1_700_000_123_456;
  it.each([
    ['exact', idleAt],
    ['coarse', idleAt - (idleAt % (15 * MIN))],
    ['none', null],
  ] as const)('%s: others see idleSince %s, the user the exact time', (idlePrecision, expected) => {
    const clock = new FakeClock(T0);
    const engine = new PresenceEngine({ clock, graceMs: GRACE, idlePrecision });
    engine.connect(U, 's1');
    clock.advance(idleAt - T0 + 1000);
    engine.reportDevice(U, 's1', { state: 'idle', since: idleAt });
    expect(engine.presenceOf(U)).toMatchObject({ status: 'away', idleSince: expected });
    expect(engine.viewFor(U, U).idleSince).toBe(idleAt);
  });
});

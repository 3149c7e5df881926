import type { PresenceStatus } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { FocusDndMachine } from './focus-dnd-machine';

const presence = (status: PresenceStatus | null, automaticAway = false) =>
  ({ type: 'presence', status, automaticAway }) as const;
const focus = (on: boolean) => ({ type: 'os-focus', on }) as const;

describe('FocusDndMachine', () => {
  it('sets an Available user to Do not disturb while OS focus is on, and back after', () => {
    const machine = new FocusDndMachine(true);
    expect(machine.handle(presence('available'))).toEqual([]);
    expect(machine.handle(focus(true))).toEqual([{ status: 'dnd', auto: true }]);
    // The renderer's echo of our request.
    expect(machine.handle(presence('dnd'))).toEqual([]);
    expect(machine.snapshot()).toMatchObject({ phase: 'applied', restoreTo: 'available' });
    expect(machine.handle(focus(false))).toEqual([{ status: 'available', auto: true }]);
    expect(machine.snapshot()).toMatchObject({ phase: 'off', restoreTo: null });
  });

  it('does nothing while the setting is off (the default)', () => {
    const machine = new FocusDndMachine(false);
    machine.handle(presence('available'));
    expect(machine.handle(focus(true))).toEqual([]);
    expect(machine.handle(focus(false))).toEqual([]);
  });

  it('keeps a status the user chose before focus began', () => {
    for (const status of ['busy', 'dnd', 'away', 'offline'] as const) {
      const machine = new FocusDndMachine(true);
      machine.handle(presence(status));
      expect(machine.handle(focus(true))).toEqual([]);
      expect(machine.snapshot().phase).toBe('declined');
      expect(machine.handle(presence('available'))).toEqual([]);
      expect(machine.handle(focus(false))).toEqual([]);
    }
  });

  it('does not restore when the user chose another status meanwhile', () => {
    const machine = new FocusDndMachine(true);
    machine.handle(presence('available'));
    machine.handle(focus(true));
    machine.handle(presence('dnd'));
    machine.handle(presence('busy')); // e.g. set on the phone
    machine.handle(presence('dnd')); // and then their own Do not disturb
    expect(machine.handle(focus(false))).toEqual([]);
  });

  it('respects the user going back to Available during focus, and does not force it again', () => {
    const machine = new FocusDndMachine(true);
    machine.handle(presence('available'));
    machine.handle(focus(true));
    machine.handle(presence('dnd'));
    expect(machine.handle(presence('available'))).toEqual([]);
    expect(machine.handle(focus(false))).toEqual([]);
  });

  it('waits out an automatic Away: Do not disturb follows when idle detection restores Available', () => {
    const machine = new FocusDndMachine(true);
    machine.handle(presence('away', true));
    expect(machine.handle(focus(true))).toEqual([]);
    expect(machine.snapshot().phase).toBe('watching');
    expect(machine.handle(presence('available'))).toEqual([{ status: 'dnd', auto: true }]);
    machine.handle(presence('dnd'));
    expect(machine.handle(focus(false))).toEqual([{ status: 'available', auto: true }]);
  });

  it('a manual Away during the wait is the user choice', () => {
    const machine = new FocusDndMachine(true);
    machine.handle(presence('away', true));
    machine.handle(focus(true));
    machine.handle(presence('away', false));
    expect(machine.snapshot().phase).toBe('declined');
    expect(machine.handle(presence('available'))).toEqual([]);
  });

  it('waits for the first presence when focus is already on at start', () => {
    const machine = new FocusDndMachine(true);
    expect(machine.handle(focus(true))).toEqual([]);
    expect(machine.handle(presence('available'))).toEqual([{ status: 'dnd', auto: true }]);
  });

  it('keeps its restore across a page reload (status unknown for a while)', () => {
    const machine = new FocusDndMachine(true);
    machine.handle(presence('available'));
    machine.handle(focus(true));
    machine.handle(presence('dnd'));
    machine.handle(presence(null));
    machine.handle(presence('dnd'));
    expect(machine.handle(focus(false))).toEqual([{ status: 'available', auto: true }]);
  });

  it('turning the setting off during focus restores what it changed; on again applies', () => {
    const machine = new FocusDndMachine(false);
    machine.handle(presence('available'));
    machine.handle(focus(true));
    expect(machine.handle({ type: 'enabled', enabled: true })).toEqual([{ status: 'dnd', auto: true }]);
    machine.handle(presence('dnd'));
    expect(machine.handle({ type: 'enabled', enabled: false })).toEqual([
      { status: 'available', auto: true },
    ]);
  });

  it('a repeated focus reading is not a new period', () => {
    const machine = new FocusDndMachine(true);
    machine.handle(presence('available'));
    machine.handle(focus(true));
    machine.handle(presence('dnd'));
    machine.handle(presence('available'));
    expect(machine.handle(focus(true))).toEqual([]);
  });

  it('forgets everything on sign-out; the next sign-in during focus is watched again', () => {
    const machine = new FocusDndMachine(true);
    machine.handle(presence('available'));
    machine.handle(focus(true));
    machine.handle(presence('dnd'));
    machine.handle({ type: 'signed-out' });
    expect(machine.snapshot()).toMatchObject({ phase: 'watching', restoreTo: null, status: null });
    expect(machine.handle(presence('available'))).toEqual([{ status: 'dnd', auto: true }]);
  });
});

import { describe, expect, it } from 'vitest';
import { presenceOf } from '../test/fake-server';
import { idleText, presenceSummary, SELECTABLE_STATUSES, statusOptionLabel, statusWord } from './presence';

describe('presence words', () => {
  it('names every status once, consistently', () => {
    expect(SELECTABLE_STATUSES.map(statusWord)).toEqual([
      'Available',
      'Busy',
      'Do not disturb',
      'Away',
      'Offline',
    ]);
    expect(SELECTABLE_STATUSES.map(statusOptionLabel)).toEqual([
      'Available',
      'Busy',
      'Do not disturb',
      'Away',
      'Appear offline',
    ]);
  });

  it('says how long someone has been idle', () => {
    const now = 10 * 3_600_000;
    expect(idleText(null, now)).toBeNull();
    expect(idleText(now - 10_000, now)).toBe('idle 1 min');
    expect(idleText(now - 12 * 60_000, now)).toBe('idle 12 min');
    expect(idleText(now - 3 * 3_600_000, now)).toBe('idle 3 h');
    expect(idleText(now - 50 * 3_600_000, now)).toBe('idle 2 d');
  });

  it('summarises status with idle time, but not for offline people', () => {
    const now = 1_000_000;
    expect(presenceSummary({ ...presenceOf('b', 'busy'), idleSince: now - 12 * 60_000 }, now)).toBe(
      'Busy · idle 12 min',
    );
    expect(presenceSummary({ ...presenceOf('b', 'offline'), idleSince: now - 12 * 60_000 }, now)).toBe(
      'Offline',
    );
    expect(presenceSummary(undefined, now)).toBe('Offline');
  });
});

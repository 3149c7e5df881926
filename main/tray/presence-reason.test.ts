import { describe, expect, it } from 'vitest';
import { describePresence, formatUntil } from './presence-reason';

const NOW = Date.UTC(2026, 11, 1, 10, 0);
const clock = { now: NOW, locale: 'en-GB', timeZone: 'UTC' };
const at = (day: number, hours: number, minutes = 0) => Date.UTC(2026, 11, day, hours, minutes);

describe('describePresence', () => {
  it('uses the v1 wording without the v2 fields', () => {
    expect(describePresence('busy', undefined, clock)).toBe('Busy');
    expect(describePresence('away', {}, clock)).toBe('Away');
  });

  it.each([
    ['locked', 'away', null, null, 'Away — screen locked'],
    ['idle', 'away', null, null, 'Away — idle'],
    ['integration', 'busy', 'On a call', at(1, 14, 30), 'Busy — On a call until 14:30'],
    ['integration', 'busy', null, at(1, 14, 30), 'Busy until 14:30'],
    ['out_of_office', 'away', 'Out of office', at(3, 0), 'Away — Out of office until 3 Dec'],
    ['out_of_office', 'away', null, at(3, 0), 'Away — Out of office until 3 Dec'],
    ['manual', 'busy', null, at(1, 15), 'Busy until 15:00'],
    ['manual', 'dnd', null, at(2, 9), 'Do not disturb until 2 Dec, 09:00'],
    ['manual', 'available', null, null, 'Available'],
    ['offline', 'offline', null, null, 'Appearing offline'],
  ] as const)('%s %s (%s, %s) → "%s"', (source, status, activity, until, expected) => {
    expect(describePresence(status, { source, activity, until }, clock)).toBe(expected);
  });

  it('shortens a long activity text so the tooltip keeps its other parts', () => {
    const text = describePresence(
      'away',
      { source: 'out_of_office', activity: 'x'.repeat(280), until: null },
      clock,
    );
    expect(text.length).toBeLessThan(80);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('formatUntil', () => {
  it('writes times in the user’s time zone', () => {
    expect(formatUntil(at(1, 14, 30), { ...clock, timeZone: 'Europe/Berlin' })).toBe('15:30');
  });
});

import { describe, expect, it } from 'vitest';
import { isWithinQuietHours, parseClockTime } from './quiet-hours';

const at = (hours: number, minutes = 0) => new Date(2026, 0, 5, hours, minutes);

describe('quiet hours', () => {
  it('parses HH:MM', () => {
    expect(parseClockTime('08:30')).toBe(510);
    expect(parseClockTime('24:00')).toBeNull();
    expect(parseClockTime('nope')).toBeNull();
  });

  it('handles windows within a day and across midnight', () => {
    expect(isWithinQuietHours(at(13), '12:00', '14:00')).toBe(true);
    expect(isWithinQuietHours(at(14), '12:00', '14:00')).toBe(false);
    expect(isWithinQuietHours(at(23), '18:00', '08:00')).toBe(true);
    expect(isWithinQuietHours(at(7, 59), '18:00', '08:00')).toBe(true);
    expect(isWithinQuietHours(at(12), '18:00', '08:00')).toBe(false);
    expect(isWithinQuietHours(at(12), '08:00', '08:00')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDayLabel, formatListTime, isSameLocalDay } from './time';

const at = (year: number, month: number, day: number, hour = 12) =>
  new Date(year, month - 1, day, hour).getTime();

describe('time formatting', () => {
  it('labels days relative to today', () => {
    const now = at(2026, 3, 12, 15);
    expect(formatDayLabel(at(2026, 3, 12, 1), now)).toBe('Today');
    expect(formatDayLabel(at(2026, 3, 11, 23), now)).toBe('Yesterday');
    expect(formatDayLabel(at(2026, 3, 9), now)).toMatch(/Monday/);
    expect(formatDayLabel(at(2025, 12, 24), now)).toMatch(/2025/);
  });

  it('compares local calendar days', () => {
    expect(isSameLocalDay(at(2026, 3, 12, 0), at(2026, 3, 12, 23))).toBe(true);
    expect(isSameLocalDay(at(2026, 3, 12, 23), at(2026, 3, 13, 0))).toBe(false);
  });

  it('shows a time today and a date for older list entries', () => {
    const now = at(2026, 3, 12, 15);
    expect(formatListTime(at(2026, 3, 12, 9), now)).toMatch(/9|09/);
    expect(formatListTime(at(2026, 3, 11), now)).toBe('Yesterday');
    expect(formatListTime(at(2026, 1, 2), now)).toMatch(/2/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  parseLocalDate,
  parseLocalDateTime,
  startOfNextLocalDay,
  startOfNextLocalWeek,
  untilForDuration,
  untilProblem,
} from './durations';

const WED_1030 = new Date(2026, 2, 4, 10, 30).getTime();

describe('status durations', () => {
  it('counts relative presets from the server clock', () => {
    expect(untilForDuration('30m', 1_000_000)).toBe(1_000_000 + 30 * 60_000);
    expect(untilForDuration('1h', 1_000_000)).toBe(1_000_000 + 3_600_000);
    expect(untilForDuration('2h', 1_000_000)).toBe(1_000_000 + 7_200_000);
    expect(untilForDuration('none', 1_000_000)).toBeNull();
    expect(untilForDuration('custom', 1_000_000)).toBeNull();
  });

  it('ends "until end of day" at local midnight and "this week" on Monday 00:00', () => {
    expect(untilForDuration('today', 0, WED_1030)).toBe(new Date(2026, 2, 5).getTime());
    expect(startOfNextLocalDay(WED_1030)).toBe(new Date(2026, 2, 5).getTime());
    expect(startOfNextLocalWeek(WED_1030)).toBe(new Date(2026, 2, 9).getTime());
    // On a Monday, "this week" still means the coming Monday, not today.
    expect(startOfNextLocalWeek(new Date(2026, 2, 9, 9).getTime())).toBe(new Date(2026, 2, 16).getTime());
    // On a Sunday, the week ends at midnight.
    expect(startOfNextLocalWeek(new Date(2026, 2, 8, 9).getTime())).toBe(new Date(2026, 2, 9).getTime());
  });

  it('parses date inputs as local times and rejects nonsense', () => {
    expect(parseLocalDateTime('2026-03-04T15:00')).toBe(new Date(2026, 2, 4, 15, 0).getTime());
    expect(parseLocalDateTime('tomorrow')).toBeNull();
    expect(parseLocalDate('2026-12-03')).toBe(new Date(2026, 11, 3).getTime());
    expect(parseLocalDate('')).toBeNull();
  });

  it('refuses an end in the past or more than a year ahead', () => {
    expect(untilProblem(null, 10)).toMatch(/Choose a date/);
    expect(untilProblem(5, 10)).toMatch(/future/);
    expect(untilProblem(10 + 400 * 86_400_000, 10)).toMatch(/within a year/);
    expect(untilProblem(20, 10)).toBeNull();
  });
});

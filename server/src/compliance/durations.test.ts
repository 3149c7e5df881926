import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DurationError,
  formatRetentionDuration,
  parseRetentionDuration,
  WEEK_MS,
  YEAR_MS,
} from './durations';

describe('retention periods', () => {
  it('reads days, weeks, 365-day years, 0d and forever', () => {
    expect(parseRetentionDuration('90d')).toBe(90 * DAY_MS);
    expect(parseRetentionDuration('12w')).toBe(12 * WEEK_MS);
    expect(parseRetentionDuration('7y')).toBe(7 * 365 * DAY_MS);
    expect(parseRetentionDuration(' 7Y ')).toBe(7 * YEAR_MS);
    expect(parseRetentionDuration('0d')).toBe(0);
    expect(parseRetentionDuration('forever')).toBeNull();
  });

  it('refuses anything else, saying what it expects', () => {
    for (const text of ['', '90', 'd', '-1d', '1.5y', '90 d', '3m', '1h', 'never', '10000000d', '1001y']) {
      expect(() => parseRetentionDuration(text), text).toThrow(DurationError);
    }
    expect(() => parseRetentionDuration('3m')).toThrow(
      '"3m" is not a retention period (expected e.g. 90d, 12w, 7y, 0d or forever)',
    );
    expect(() => parseRetentionDuration('1001y')).toThrow(/longer than 1000 years/);
  });

  it('writes a period back in its largest whole unit', () => {
    expect(formatRetentionDuration(null)).toBe('forever');
    expect(formatRetentionDuration(0)).toBe('0d');
    expect(formatRetentionDuration(7 * YEAR_MS)).toBe('7y');
    expect(formatRetentionDuration(2 * WEEK_MS)).toBe('2w');
    expect(formatRetentionDuration(90 * DAY_MS)).toBe('90d');
    expect(formatRetentionDuration(1500)).toBe('1500 ms');
    for (const text of ['90d', '12w', '7y', '0d', 'forever']) {
      expect(formatRetentionDuration(parseRetentionDuration(text))).toBe(text);
    }
  });
});

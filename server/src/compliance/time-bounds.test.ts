import { describe, expect, it } from 'vitest';
import { parseInstant } from './time-bounds';

describe('parseInstant', () => {
  it('reads a date as a UTC day: its midnight as a start, the next midnight as an end', () => {
    expect(parseInstant('2026-03-31', 'start')).toBe(Date.UTC(2026, 2, 31));
    expect(parseInstant(' 2026-03-31 ', 'end')).toBe(Date.UTC(2026, 3, 1));
    expect(parseInstant('2028-02-29', 'start')).toBe(Date.UTC(2028, 1, 29));
  });

  it('reads ISO times with Z, an offset, or none (UTC), to the millisecond', () => {
    const at = Date.UTC(2026, 2, 31, 17, 5, 9, 120);
    expect(parseInstant('2026-03-31T17:05:09.12Z', 'start')).toBe(at);
    expect(parseInstant('2026-03-31T19:05:09.120+02:00', 'end')).toBe(at);
    expect(parseInstant('2026-03-31T12:05:09.120-05:00', 'start')).toBe(at);
    expect(parseInstant('2026-03-31T17:05', 'start')).toBe(Date.UTC(2026, 2, 31, 17, 5));
  });

  it.each([
    '',
    'today',
    '1711900000000',
    '2026-3-31',
    '2026-02-29',
    '2026-13-01',
    '2026-03-31T24:00Z',
    '2026-03-31T17:60Z',
    '2026-03-31 17:00Z',
    '2026-03-31T17:00:00+2',
  ])('is null for %j', (raw) => {
    expect(parseInstant(raw, 'start')).toBeNull();
  });
});

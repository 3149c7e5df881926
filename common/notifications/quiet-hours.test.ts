import { describe, expect, it } from 'vitest';
import { isInQuietHours } from './quiet-hours';

const at = (time: string) => {
  const [h, m] = time.split(':').map(Number);
  return new Date(2025, 0, 6, h ?? 0, m ?? 0);
};

describe('isInQuietHours', () => {
  const night = { enabled: true, start: '18:00', end: '08:00' };
  const lunch = { enabled: true, start: '12:00', end: '13:30' };

  it.each([
    ['17:59', false],
    ['18:00', true],
    ['23:30', true],
    ['00:00', true],
    ['07:59', true],
    ['08:00', false],
    ['12:00', false],
  ])('overnight schedule 18:00–08:00 at %s → %s', (time, expected) => {
    expect(isInQuietHours(night, at(time))).toBe(expected);
  });

  it.each([
    ['11:59', false],
    ['12:00', true],
    ['13:29', true],
    ['13:30', false],
  ])('same-day schedule 12:00–13:30 at %s → %s', (time, expected) => {
    expect(isInQuietHours(lunch, at(time))).toBe(expected);
  });

  it('is never quiet when disabled', () => {
    expect(isInQuietHours({ ...night, enabled: false }, at('23:00'))).toBe(false);
  });

  it.each(['00:00', '08:59', '09:00', '15:00', '23:59'])(
    'treats equal start and end (09:00–09:00) as all day: %s is quiet',
    (time) => {
      expect(isInQuietHours({ enabled: true, start: '09:00', end: '09:00' }, at(time))).toBe(true);
    },
  );

  it('ignores a malformed schedule rather than silencing everything', () => {
    expect(isInQuietHours({ enabled: true, start: 'late', end: '08:00' }, at('23:00'))).toBe(false);
    expect(isInQuietHours({ enabled: true, start: '24:00', end: '08:00' }, at('23:00'))).toBe(false);
  });
});

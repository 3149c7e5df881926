import type { UserSettings } from '../bridge';

/**
 * Whether `date` (local time) falls in the Do-not-disturb schedule: from `start` up to
 * `end`, wrapping past midnight when `end` is not after `start` (18:00 → 08:00 is the
 * night). `start` equal to `end` (09:00–09:00) means all day, on every host.
 */
export function isInQuietHours(quietHours: UserSettings['quietHours'], date: Date): boolean {
  if (!quietHours.enabled) return false;
  const start = minutesOfDay(quietHours.start);
  const end = minutesOfDay(quietHours.end);
  if (start === null || end === null) return false;
  const now = date.getHours() * 60 + date.getMinutes();
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

function minutesOfDay(time: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

import { LIMITS } from '@beacon/protocol';
import { i18n } from '../i18n';

/** The end times offered for a chosen status ("Busy for 1 hour"); `custom` asks for a date and time. */
export const STATUS_DURATIONS = [
  { id: 'none' },
  { id: '30m' },
  { id: '1h' },
  { id: '2h' },
  { id: 'today' },
  { id: 'week' },
  { id: 'custom' },
] as const;

export type StatusDurationId = (typeof STATUS_DURATIONS)[number]['id'];

/** The label of a preset in the UI language. */
export function durationLabel(id: StatusDurationId): string {
  return i18n.t(`presenceText.durations.${id}`);
}

const MINUTE = 60_000;

export function isStatusDuration(value: string): value is StatusDurationId {
  return STATUS_DURATIONS.some((duration) => duration.id === value);
}

/** The start of the local day after `ms`. */
export function startOfNextLocalDay(ms: number): number {
  const date = new Date(ms);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
}

/** Monday 00:00 local after `ms` (the end of the week that contains it). */
export function startOfNextLocalWeek(ms: number): number {
  const date = new Date(ms);
  const daysToMonday = (8 - date.getDay()) % 7 || 7;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + daysToMonday).getTime();
}

/**
 * The `until` for a preset: relative ones from `serverNow` (the server's clock), wall-clock ones
 * (end of day, this week) at local midnight. `none` and `custom` have no preset end: null.
 */
export function untilForDuration(
  id: StatusDurationId,
  serverNow: number,
  localNow = Date.now(),
): number | null {
  switch (id) {
    case '30m':
      return serverNow + 30 * MINUTE;
    case '1h':
      return serverNow + 60 * MINUTE;
    case '2h':
      return serverNow + 120 * MINUTE;
    case 'today':
      return startOfNextLocalDay(localNow);
    case 'week':
      return startOfNextLocalWeek(localNow);
    default:
      return null;
  }
}

/** A value of `<input type="datetime-local">` ("2026-03-03T15:30") as epoch ms, or null when invalid. */
export function parseLocalDateTime(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(year, month - 1, day, hour, minute);
  return Number.isNaN(date.getTime()) ? null : date.getTime();
}

/** A value of `<input type="date">` ("2026-03-03") as local midnight in epoch ms, or null. */
export function parseLocalDate(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(year, month - 1, day);
  return Number.isNaN(date.getTime()) ? null : date.getTime();
}

/** "2026-03-03" for a date input showing the local day of `ms`. */
export function toDateInputValue(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Why an end time cannot be used, or null when it can. */
export function untilProblem(until: number | null, serverNow: number): string | null {
  if (until === null) return i18n.t('presenceText.untilProblem.missing');
  if (until <= serverNow) return i18n.t('presenceText.untilProblem.past');
  if (until - serverNow > LIMITS.presenceUntilMaxAheadMs) return i18n.t('presenceText.untilProblem.tooFar');
  return null;
}

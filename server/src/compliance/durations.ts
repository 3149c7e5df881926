/** Retention periods as administrators write them: `90d`, `12w`, `7y`, `0d`, `forever`. */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;
/** A retention year is 365 days, whatever the calendar: the same span every time it is applied. */
export const YEAR_MS = 365 * DAY_MS;

/** Longer periods would be a typo rather than a policy. */
export const MAX_RETENTION_YEARS = 1000;

const UNITS: Readonly<Record<string, number>> = { d: DAY_MS, w: WEEK_MS, y: YEAR_MS };
const DURATION = /^(\d{1,7})([dwy])$/;

export class DurationError extends Error {}

/**
 * `<n>d`, `<n>w` or `<n>y` in milliseconds (`0d`: nothing is kept past now), or null for
 * `forever`. Throws `DurationError` for anything else.
 */
export function parseRetentionDuration(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === 'forever') return null;
  const match = DURATION.exec(value);
  const unit = match?.[2] === undefined ? undefined : UNITS[match[2]];
  if (!match || unit === undefined) {
    throw new DurationError(
      `"${text}" is not a retention period (expected e.g. 90d, 12w, 7y, 0d or forever)`,
    );
  }
  const ms = Number(match[1]) * unit;
  if (ms > MAX_RETENTION_YEARS * YEAR_MS) {
    throw new DurationError(
      `"${text}" is longer than ${MAX_RETENTION_YEARS} years; use "forever" to keep everything`,
    );
  }
  return ms;
}

/** The shortest way to write `ms` back (`7y`, `12w`, `90d`), or `forever`. */
export function formatRetentionDuration(ms: number | null): string {
  if (ms === null) return 'forever';
  if (ms === 0) return '0d';
  if (ms % YEAR_MS === 0) return `${ms / YEAR_MS}y`;
  if (ms % WEEK_MS === 0) return `${ms / WEEK_MS}w`;
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  return `${ms} ms`;
}

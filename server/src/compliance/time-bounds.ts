const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/i;
const DAY_MS = 86_400_000;

/** How the formats read, for error messages. */
export const INSTANT_FORMATS = 'an ISO date (2026-03-01, a UTC day) or time (2026-03-01T09:30:00Z)';

/**
 * An ISO 8601 date or time as ms since the epoch, or null when it is neither (or no such day).
 * A date is a whole UTC day: as the start of a range its midnight, as the (exclusive) end of
 * one the next midnight, so `--since 2026-03-01 --until 2026-03-31` covers all of March's
 * first 31 days. A time without an offset is UTC.
 */
export function parseInstant(raw: string, edge: 'start' | 'end'): number | null {
  const text = raw.trim();
  const date = DATE.exec(text);
  if (date) {
    const midnight = utc(Number(date[1]), Number(date[2]), Number(date[3]), 0, 0, 0, 0);
    if (midnight === null) return null;
    return edge === 'start' ? midnight : midnight + DAY_MS;
  }
  const time = TIME.exec(text);
  if (!time) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone = 'Z'] = time;
  const local = utc(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.padEnd(3, '0')),
  );
  if (local === null) return null;
  return local - offsetMs(zone);
}

/** The instant of these UTC fields, or null when a field is out of range (2026-02-30, 24:00). */
function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number | null {
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const back = new Date(at);
  const same =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return same ? at : null;
}

function offsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0] = zone.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes) * 60_000;
}

/**
 * A range given as `from` and `to`, both inclusive (the compliance export and verify): a day as
 * `to` reaches to its last millisecond, a time includes that very millisecond. Returns `from`
 * (inclusive) and `until` (exclusive) in ms; either may be absent.
 */
export function parseInclusiveRange(
  fromText: string | undefined,
  toText: string | undefined,
): { ok: true; from?: number; until?: number } | { ok: false; field: 'from' | 'to'; message: string } {
  const range: { from?: number; until?: number } = {};
  if (fromText !== undefined) {
    const from = parseInstant(fromText, 'start');
    if (from === null)
      return { ok: false, field: 'from', message: `"${fromText}" is not ${INSTANT_FORMATS}` };
    range.from = from;
  }
  if (toText !== undefined) {
    const to = parseInstant(toText, 'end');
    if (to === null) return { ok: false, field: 'to', message: `"${toText}" is not ${INSTANT_FORMATS}` };
    // A day's end is already the next midnight; a time's is that very millisecond, included.
    range.until = DATE.test(toText.trim()) ? to : to + 1;
  }
  if (range.from !== undefined && range.until !== undefined && range.until <= range.from) {
    return { ok: false, field: 'to', message: `"${toText}" is before "${fromText}"` };
  }
  return { ok: true, ...range };
}

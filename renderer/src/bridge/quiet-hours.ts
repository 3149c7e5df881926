/** "HH:MM" → minutes after midnight, or null when malformed. */
export function parseClockTime(value: string): number | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whether a local time falls inside a quiet-hours window; windows may wrap past midnight (18:00–08:00). */
export function isWithinQuietHours(now: Date, start: string, end: string): boolean {
  const from = parseClockTime(start);
  const to = parseClockTime(end);
  if (from === null || to === null || from === to) return false;
  const minutes = now.getHours() * 60 + now.getMinutes();
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const shortWeekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

const DAY = 86_400_000;

/** A local calendar day as a comparable number (days since the epoch, local time). */
export function localDayNumber(ms: number): number {
  const date = new Date(ms);
  return Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY);
}

export function isSameLocalDay(a: number, b: number): boolean {
  return localDayNumber(a) === localDayNumber(b);
}

/** "14:05" */
export function formatTime(ms: number): string {
  return timeFormat.format(ms);
}

/** "Tuesday, 3 March 2026 at 14:05": for tooltips. */
export function formatFullDateTime(ms: number): string {
  return fullFormat.format(ms);
}

/** Day separator label: "Today", "Yesterday", "Monday", or a full date. */
export function formatDayLabel(ms: number, now: number): string {
  const diff = localDayNumber(now) - localDayNumber(ms);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Yesterday';
  if (diff > 1 && diff < 7) return weekdayFormat.format(ms);
  return dateFormat.format(ms);
}

/** Compact time for list rows: the time today, the weekday this week, otherwise the date. */
export function formatListTime(ms: number, now: number): string {
  const diff = localDayNumber(now) - localDayNumber(ms);
  if (diff === 0) return formatTime(ms);
  if (diff === 1) return 'Yesterday';
  if (diff > 1 && diff < 7) return shortWeekdayFormat.format(ms);
  return shortDateFormat.format(ms);
}

import { currentLocale, i18n } from '../i18n';

const FORMATS = {
  time: { hour: 'numeric', minute: '2-digit' },
  weekday: { weekday: 'long' },
  shortWeekday: { weekday: 'short' },
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  shortDate: { day: 'numeric', month: 'short' },
  full: { dateStyle: 'full', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter in the UI language (created once per language and style). */
export function dateTimeFormat(style: keyof typeof FORMATS): Intl.DateTimeFormat {
  const locale = currentLocale();
  const key = `${locale}:${style}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, FORMATS[style]);
    formatters.set(key, format);
  }
  return format;
}

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
  return dateTimeFormat('time').format(ms);
}

/** "Tuesday, 3 March 2026 at 14:05": for tooltips. */
export function formatFullDateTime(ms: number): string {
  return dateTimeFormat('full').format(ms);
}

/** Day separator label: "Today", "Yesterday", "Monday", or a full date. */
export function formatDayLabel(ms: number, now: number): string {
  const diff = localDayNumber(now) - localDayNumber(ms);
  if (diff === 0) return i18n.t('time.today');
  if (diff === 1) return i18n.t('time.yesterday');
  if (diff > 1 && diff < 7) return dateTimeFormat('weekday').format(ms);
  return dateTimeFormat('date').format(ms);
}

/** Compact time for list rows: the time today, the weekday this week, otherwise the date. */
export function formatListTime(ms: number, now: number): string {
  const diff = localDayNumber(now) - localDayNumber(ms);
  if (diff === 0) return formatTime(ms);
  if (diff === 1) return i18n.t('time.yesterday');
  if (diff > 1 && diff < 7) return dateTimeFormat('shortWeekday').format(ms);
  return dateTimeFormat('shortDate').format(ms);
}

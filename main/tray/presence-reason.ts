import type { Presence, PresenceStatus } from '@beacon/protocol';
import { ENGLISH, type Translate } from '../../common/i18n';

/** The v2 fields that say why the server shows a status (absent from a v1 server). */
export type PresenceReason = Pick<Presence, 'source' | 'activity' | 'until'>;

/** "Now" and how to write times: the user's locale and time zone (defaults: the system's). */
export interface UntilClock {
  now: number;
  locale?: string;
  timeZone?: string;
}

/** Windows cuts a tray tooltip at 127 characters: a long activity text must not hide the rest. */
const ACTIVITY_MAX_CHARS = 60;

/**
 * The user's own status as the tray words it, with the server's reason: "Away — screen locked",
 * "Away — idle", "Busy — On a call until 14:30", "Away — Out of office until 3 Dec",
 * "Busy until 15:00". Without the v2 fields: the v1 wording ("Busy").
 */
export function describePresence(
  status: PresenceStatus,
  reason: PresenceReason | undefined,
  clock: UntilClock,
  t: Translate = ENGLISH,
): string {
  const label = t(`statusTooltip.${status}`);
  const withUntil = (text: string) =>
    reason?.until
      ? t('tray.until', {
          text,
          until: formatUntil(reason.until, clock, reason.source === 'out_of_office', t),
        })
      : text;
  switch (reason?.source) {
    case undefined:
    case 'offline':
      return label;
    case 'locked':
      return t('tray.screenLocked', { label });
    case 'idle':
      return t('tray.idle', { label });
    case 'manual':
      return withUntil(label);
    case 'out_of_office':
      return withUntil(
        t('tray.withActivity', { label, activity: shorten(reason.activity || t('tray.outOfOffice')) }),
      );
    case 'integration':
      return withUntil(
        reason.activity ? t('tray.withActivity', { label, activity: shorten(reason.activity) }) : label,
      );
  }
}

/** Today: the time ("14:30", 24-hour). Another day: the date ("3 Dec"), with the time unless `dateOnly`. */
export function formatUntil(
  until: number,
  clock: UntilClock,
  dateOnly = false,
  t: Translate = ENGLISH,
): string {
  const { locale, timeZone } = clock;
  const day = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  if (day.format(until) === day.format(clock.now)) return time.format(until);
  const date = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' }).format(until);
  return dateOnly ? date : t('tray.dateAndTime', { date, time: time.format(until) });
}

function shorten(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > ACTIVITY_MAX_CHARS
    ? `${single.slice(0, ACTIVITY_MAX_CHARS - 1).trimEnd()}…`
    : single;
}

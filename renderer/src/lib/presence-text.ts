import type { DevicePresence, Presence } from '@beacon/protocol';
import { currentLocale, i18n } from '../i18n';
import { shownIdleText, statusWord } from './presence';
import { formatTime, isSameLocalDay } from './time';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function formatDay(ms: number): string {
  const locale = currentLocale();
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' });
    dayFormats.set(locale, format);
  }
  return format.format(ms);
}

function isLocalMidnight(ms: number): boolean {
  const date = new Date(ms);
  return date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0;
}

/**
 * When something ends, as short as is clear: "15:00" today, "Mon 3 Dec 15:00" later; a midnight
 * end names the last day it covers: "end of day" today, "end of Sun 2 Dec" later.
 */
export function formatUntil(until: number, now: number): string {
  if (isLocalMidnight(until)) {
    const lastDay = until - 1;
    return isSameLocalDay(lastDay, now)
      ? i18n.t('presenceText.until.endOfDay')
      : i18n.t('presenceText.until.endOf', { day: formatDay(lastDay) });
  }
  if (isSameLocalDay(until, now)) return formatTime(until);
  return i18n.t('presenceText.until.dayAndTime', { day: formatDay(until), time: formatTime(until) });
}

/** "Busy until 15:00", "Away · Out of office until end of Sun 2 Dec", "Busy · On a call". */
export function presenceHeadline(presence: Presence | undefined, now: number): string {
  const status = presence?.status ?? 'offline';
  let text = statusWord(status);
  if (presence?.activity && status !== 'offline') {
    text = i18n.t('presenceText.withDetail', { text, detail: presence.activity });
  }
  if (presence?.until != null && presence.until > now && status !== 'offline') {
    text = i18n.t('presenceText.headlineUntil', { text, until: formatUntil(presence.until, now) });
  }
  return text;
}

/** The device that explains an automatic status, from the own view's devices. */
function deciding(devices: readonly DevicePresence[] | undefined, states: readonly string[]) {
  return devices?.filter((device) => states.includes(device.state)).sort((a, b) => b.since - a.since)[0];
}

/** Why the status is what it is: "Away: screen locked on Windows laptop at 10:42". */
export function presenceReason(presence: Presence | undefined, now: number): string | null {
  if (!presence?.source) return null;
  const word = statusWord(presence.status);
  const since = presence.idleSince ?? presence.updatedAt;
  switch (presence.source) {
    case 'locked': {
      const device = deciding(presence.devices, ['locked', 'suspended']);
      if (!device) return i18n.t('presenceText.reason.lockedOrAsleep', { word, time: formatTime(since) });
      const key =
        device.state === 'suspended' ? 'presenceText.reason.asleepOn' : 'presenceText.reason.lockedOn';
      return i18n.t(key, { word, device: device.label, time: formatTime(device.since) });
    }
    case 'idle': {
      const device = deciding(presence.devices, ['idle']);
      return device
        ? i18n.t('presenceText.reason.idleOn', { word, device: device.label, time: formatTime(device.since) })
        : i18n.t('presenceText.reason.inactive', { word, time: formatTime(since) });
    }
    case 'out_of_office':
      return i18n.t('presenceText.reason.explained', {
        word,
        why: presence.activity ?? i18n.t('presenceText.reason.outOfOffice'),
        until: untilPart(presence, now),
      });
    case 'integration':
      return i18n.t('presenceText.reason.explained', {
        word,
        why: presence.activity ?? i18n.t('presenceText.reason.integration'),
        until: untilPart(presence, now),
      });
    case 'offline':
      return i18n.t('presenceText.reason.offline');
    case 'manual':
      return i18n.t('presenceText.reason.explained', {
        word,
        why: i18n.t('presenceText.reason.chosen'),
        until: untilPart(presence, now),
      });
    default:
      return null;
  }
}

function untilPart(presence: Presence, now: number): string {
  return presence.until != null && presence.until > now
    ? i18n.t('presenceText.reason.untilPart', { until: formatUntil(presence.until, now) })
    : '';
}

/** "last known · 10:42": what is shown while disconnected is as of that time. */
export function staleText(since: number): string {
  return i18n.t('presenceText.stale', { time: formatTime(since) });
}

/**
 * The full explanation for a tooltip or card: the headline, why, idle time, the whole note, and
 * staleness while disconnected. One line each.
 */
export function presenceDetails(
  presence: Presence | undefined,
  now: number,
  staleSince: number | null,
): string {
  const lines = [presenceHeadline(presence, now)];
  const reason = presenceReason(presence, now);
  if (reason) lines.push(reason);
  const idle = shownIdleText(presence, now);
  if (idle && presence?.source !== 'idle') lines.push(idle);
  if (presence?.message) lines.push(i18n.t('presenceText.note', { message: presence.message }));
  if (staleSince !== null) lines.push(i18n.t('presenceText.notConnected', { stale: staleText(staleSince) }));
  return lines.join('\n');
}

import type { DevicePresence, Presence } from '@beacon/protocol';
import { shownIdleText, statusWord } from './presence';
import { formatTime, isSameLocalDay } from './time';

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

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
    return isSameLocalDay(lastDay, now) ? 'end of day' : `end of ${dayFormat.format(lastDay)}`;
  }
  if (isSameLocalDay(until, now)) return formatTime(until);
  return `${dayFormat.format(until)} ${formatTime(until)}`;
}

/** "Busy until 15:00", "Away · Out of office until end of Sun 2 Dec", "Busy · On a call". */
export function presenceHeadline(presence: Presence | undefined, now: number): string {
  const status = presence?.status ?? 'offline';
  let text = statusWord(status);
  if (presence?.activity && status !== 'offline') text += ` · ${presence.activity}`;
  if (presence?.until != null && presence.until > now && status !== 'offline') {
    text += ` until ${formatUntil(presence.until, now)}`;
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
      const what = device?.state === 'suspended' ? 'computer asleep' : 'screen locked';
      return device
        ? `${word}: ${what} on ${device.label} at ${formatTime(device.since)}`
        : `${word}: screen locked or computer asleep since ${formatTime(since)}`;
    }
    case 'idle': {
      const device = deciding(presence.devices, ['idle']);
      return device
        ? `${word}: idle on ${device.label} since ${formatTime(device.since)}`
        : `${word}: inactive since ${formatTime(since)}`;
    }
    case 'out_of_office':
      return `${word}: ${presence.activity ?? 'Out of office'}${untilPart(presence, now)}`;
    case 'integration':
      return `${word}: ${presence.activity ?? 'set by a connected system'}${untilPart(presence, now)}`;
    case 'offline':
      return 'Offline: not signed in, or appearing offline';
    case 'manual':
      return `${word}: chosen${untilPart(presence, now)}`;
    default:
      return null;
  }
}

function untilPart(presence: Presence, now: number): string {
  return presence.until != null && presence.until > now ? `, until ${formatUntil(presence.until, now)}` : '';
}

/** "last known · 10:42": what is shown while disconnected is as of that time. */
export function staleText(since: number): string {
  return `last known · ${formatTime(since)}`;
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
  if (presence?.message) lines.push(`Note: ${presence.message}`);
  if (staleSince !== null) lines.push(`Not connected: ${staleText(staleSince)}`);
  return lines.join('\n');
}

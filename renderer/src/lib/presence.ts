import type { Presence, PresenceStatus } from '@beacon/protocol';
import { i18n } from '../i18n';

/** The statuses a user can choose, in menu order; choosing `offline` means "appear offline". */
export const SELECTABLE_STATUSES: readonly PresenceStatus[] = ['available', 'busy', 'dnd', 'away', 'offline'];

/** The one place that names presence statuses; colours live in styles/theme.css under the same keys. */
export function statusWord(status: PresenceStatus): string {
  return i18n.t(`status.${status}`);
}

/** The label of a status in the "Status" control: one's own offline is "Appear offline". */
export function statusOptionLabel(status: PresenceStatus): string {
  return i18n.t(`statusMenu.${status}`);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "idle 12 min" (XEP-0319 idle time), or null when the person is not idle. */
export function idleText(idleSince: number | null, now: number): string | null {
  if (idleSince === null) return null;
  const elapsed = Math.max(0, now - idleSince);
  if (elapsed < HOUR)
    return i18n.t('presenceText.idleMinutes', { count: Math.max(1, Math.floor(elapsed / MINUTE)) });
  if (elapsed < DAY) return i18n.t('presenceText.idleHours', { count: Math.floor(elapsed / HOUR) });
  return i18n.t('presenceText.idleDays', { count: Math.floor(elapsed / DAY) });
}

/** An offline person has no idle time worth showing. */
export function shownIdleText(presence: Presence | undefined, now: number): string | null {
  if (!presence || presence.status === 'offline') return null;
  return idleText(presence.idleSince, now);
}

/** "Busy · idle 12 min" for headers and tooltips. */
export function presenceSummary(presence: Presence | undefined, now: number): string {
  const status = presence?.status ?? 'offline';
  const idle = shownIdleText(presence, now);
  return idle
    ? i18n.t('presenceText.withDetail', { text: statusWord(status), detail: idle })
    : statusWord(status);
}

/**
 * Contact list groups, in order: available; busy or do not disturb; away; offline (or unknown).
 * Within a group people sort by name.
 */
export function availabilityRank(status: PresenceStatus | undefined): number {
  switch (status) {
    case 'available':
      return 0;
    case 'busy':
    case 'dnd':
      return 1;
    case 'away':
      return 2;
    default:
      return 3;
  }
}

export const AVAILABILITY_GROUPS = 4;

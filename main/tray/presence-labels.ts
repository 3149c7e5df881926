import type { PresenceStatus } from '@beacon/protocol';

/** The words the renderer uses too (Available, Busy, Do not disturb, Away, Appear offline). */
export const STATUS_MENU_LABELS: Readonly<Record<PresenceStatus, string>> = {
  available: 'Available',
  busy: 'Busy',
  dnd: 'Do not disturb',
  away: 'Away',
  offline: 'Appear offline',
};

/** How the user's own status reads in the tray tooltip. */
export const STATUS_TOOLTIP_LABELS: Readonly<Record<PresenceStatus, string>> = {
  available: 'Available',
  busy: 'Busy',
  dnd: 'Do not disturb',
  away: 'Away',
  offline: 'Appearing offline',
};

/** Menu order: as in the renderer's Status control. */
export const STATUS_ORDER: readonly PresenceStatus[] = ['available', 'busy', 'dnd', 'away', 'offline'];

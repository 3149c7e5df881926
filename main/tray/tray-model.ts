import type { Presence, PresenceStatus } from '@beacon/protocol';
import { ENGLISH, type Translate } from '../../common/i18n';
import { describeUnread } from '../badge/unread-text';
import { STATUS_ORDER } from './presence-labels';
import { describePresence, type PresenceReason, type UntilClock } from './presence-reason';

export interface TrayState {
  /** The user's own effective status, or null while signed out / not yet connected. */
  status: PresenceStatus | null;
  /** Unread messages in all conversations. */
  unread: number;
  /** How many of them mention the user (shown apart: "3 unread, 1 mention"). */
  mentions?: number;
  /** The OS's quiet modes (main/focus/os-focus.ts), when known. */
  osFocus?: { doNotDisturb: boolean | null; presenting: boolean | null; name?: string | null };
  /** The server's reason (v2 `source`, `activity`, `until`) and the user's own choice (`chosen`). */
  presence?: PresenceReason & Pick<Presence, 'chosen'>;
  /** For "until 14:30": now, the locale and time zone (default: the system's). */
  clock?: UntilClock;
}

export type TrayCommand =
  | { kind: 'set-status'; status: PresenceStatus }
  | { kind: 'edit-status-message' }
  | { kind: 'open' }
  | { kind: 'quit' };

export type TrayMenuItem =
  | { type: 'radio'; label: string; checked: boolean; enabled: boolean; command: TrayCommand }
  | { type: 'normal'; label: string; enabled: boolean; command: TrayCommand }
  | { type: 'separator' };

/** The file name stem of a tray icon in assets/tray (see scripts/generate-icons.mjs). */
export type TrayIconName = `${PresenceStatus}${'' | '-unread'}`;

export interface TrayModel {
  icon: TrayIconName;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** Everything the tray shows, as data: the adapter only turns it into Electron objects. */
export function buildTrayModel(
  { status, unread, mentions, osFocus, presence, clock }: TrayState,
  t: Translate = ENGLISH,
): TrayModel {
  const hasUnread = unread > 0;
  const signedIn = status !== null;
  const shown: PresenceStatus = status ?? 'offline';
  const statusText = signedIn
    ? describePresence(shown, presence, clock ?? { now: Date.now() }, t)
    : t('tray.notSignedIn');
  // The menu is the user's choice: with a v2 server that is `chosen` (idle shows Away, the
  // user still chose Available); a v1 server tells only the effective status.
  const checkedStatus = presence?.chosen?.status ?? status;
  const unreadSummary = hasUnread
    ? describeUnread(unread, Math.min(mentions ?? 0, unread), 'short', t)
    : null;
  const unreadText = unreadSummary ? ` · ${unreadSummary}` : '';
  const notice = signedIn ? osFocusNotice(osFocus, t) : null;
  const noticeText = notice ? ` · ${notice}` : '';

  const statusItems: TrayMenuItem[] = STATUS_ORDER.map((option) => ({
    type: 'radio',
    label: t(`statusMenu.${option}`),
    checked: checkedStatus === option,
    enabled: signedIn,
    command: { kind: 'set-status', status: option },
  }));

  return {
    icon: `${shown}${hasUnread ? '-unread' : ''}`,
    tooltip: t('tray.tooltip', { status: `${statusText}${unreadText}${noticeText}` }),
    menu: [
      ...statusItems,
      {
        type: 'normal',
        label: t('tray.setStatusMessage'),
        enabled: signedIn,
        command: { kind: 'edit-status-message' },
      },
      { type: 'separator' },
      ...(unreadSummary && signedIn
        ? [{ type: 'normal', label: unreadSummary, enabled: true, command: { kind: 'open' } } as const]
        : []),
      { type: 'normal', label: t('tray.open'), enabled: true, command: { kind: 'open' } },
      { type: 'separator' },
      { type: 'normal', label: t('tray.quit'), enabled: true, command: { kind: 'quit' } },
    ],
  };
}

/**
 * Why notifications look different, in the tooltip: "muted by Focus Assist" (the OS holds them
 * back) or "notifications hidden while presenting" (shown without their text).
 */
export function osFocusNotice(osFocus: TrayState['osFocus'], t: Translate = ENGLISH): string | null {
  if (osFocus?.doNotDisturb === true)
    return osFocus.name ? t('tray.mutedBy', { name: osFocus.name }) : t('tray.mutedBySystem');
  if (osFocus?.presenting === true) return t('tray.hiddenWhilePresenting');
  return null;
}

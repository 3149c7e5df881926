import type { PresenceStatus } from '@beacon/protocol';
import type { UserSettings } from '../../common/bridge';
import { ENGLISH, type Translate } from '../../common/i18n';
import { isInQuietHours } from '../../common/notifications/quiet-hours';

export type CloseHintDecision =
  | { show: true; title: string; body: string }
  | { show: false; reason: 'already-shown' | 'notifications-disabled' | 'do-not-disturb' | 'quiet-hours' };

export interface CloseHintContext {
  alreadyShown: boolean;
  settings: Pick<UserSettings, 'notificationsEnabled' | 'quietHours'>;
  status: PresenceStatus | null;
  now: Date;
  platform: NodeJS.Platform;
  /** The UI language's translator (default English). */
  t?: Translate;
}

/**
 * The one-time "Beacon is still running" notification when the window first hides to the
 * tray. It is a notification like any other: off when notifications are off, in Do not
 * disturb and during quiet hours (then it waits for a later close instead of being lost).
 */
export function decideCloseHint(context: CloseHintContext): CloseHintDecision {
  if (context.alreadyShown) return { show: false, reason: 'already-shown' };
  if (!context.settings.notificationsEnabled) return { show: false, reason: 'notifications-disabled' };
  if (context.status === 'dnd') return { show: false, reason: 'do-not-disturb' };
  if (isInQuietHours(context.settings.quietHours, context.now)) return { show: false, reason: 'quiet-hours' };
  const t = context.t ?? ENGLISH;
  const where =
    context.platform === 'darwin'
      ? t('closeHint.menuBar')
      : context.platform === 'win32'
        ? t('closeHint.notificationArea')
        : t('closeHint.systemTray');
  return { show: true, title: t('closeHint.title'), body: t('closeHint.body', { where }) };
}

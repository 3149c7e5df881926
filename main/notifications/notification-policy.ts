import type { PresenceStatus } from '@beacon/protocol';
import type { IncomingMessageEvent, UserSettings, ViewState } from '../../common/bridge';
import { isInQuietHours } from './quiet-hours';

export type NotificationReason =
  | 'notifications-disabled'
  | 'do-not-disturb'
  | 'quiet-hours'
  | 'conversation-on-screen'
  | 'window-not-focused'
  | 'other-conversation-on-screen';

export interface NotificationDecision {
  show: boolean;
  reason: NotificationReason;
}

export interface NotificationContext {
  settings: Pick<UserSettings, 'notificationsEnabled' | 'quietHours'>;
  /** The user's own status: from the last presence report, else from the view report. */
  status: PresenceStatus | null;
  view: ViewState | null;
  window: { focused: boolean; visible: boolean; minimized: boolean };
  now: Date;
}

/** Whether an incoming message deserves a desktop notification, and why (logged, tested). */
export function decideNotification(
  event: IncomingMessageEvent,
  context: NotificationContext,
): NotificationDecision {
  if (!context.settings.notificationsEnabled) return { show: false, reason: 'notifications-disabled' };
  if ((context.status ?? context.view?.status) === 'dnd') return { show: false, reason: 'do-not-disturb' };
  if (isInQuietHours(context.settings.quietHours, context.now)) return { show: false, reason: 'quiet-hours' };
  const { focused, visible, minimized } = context.window;
  if (!focused || !visible || minimized) return { show: true, reason: 'window-not-focused' };
  if (context.view?.conversationId === event.conversationId)
    return { show: false, reason: 'conversation-on-screen' };
  return { show: true, reason: 'other-conversation-on-screen' };
}

/** Flash the taskbar when the user should look but is elsewhere, unless they asked for quiet. */
export function shouldFlashTaskbar(
  decision: NotificationDecision,
  flashTaskbar: boolean,
  windowFocused: boolean,
): boolean {
  if (!flashTaskbar || windowFocused) return false;
  return decision.show || decision.reason === 'notifications-disabled';
}

export interface NotificationContent {
  title: string;
  body: string;
  silent: boolean;
}

const BODY_MAX_CHARS = 200;

export function notificationContent(event: IncomingMessageEvent, sound: boolean): NotificationContent {
  const text = event.body.replace(/\s+/g, ' ').trim();
  const body = text.length > BODY_MAX_CHARS ? `${text.slice(0, BODY_MAX_CHARS - 1).trimEnd()}…` : text;
  const direct = event.senderName === event.conversationTitle;
  return {
    title: event.conversationTitle || event.senderName || 'Beacon',
    body: direct || event.senderName === '' ? body : `${event.senderName}: ${body}`,
    silent: !sound,
  };
}

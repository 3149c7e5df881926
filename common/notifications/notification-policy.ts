import type { PresenceStatus } from '@beacon/protocol';
import type { IncomingMessageEvent, UserSettings, ViewState } from '../bridge';
import { isLookingAtApp, isLookingAtConversation, type WindowAttention } from './attention';
import { isInQuietHours } from './quiet-hours';

export type NotificationReason =
  | 'notifications-disabled'
  | 'do-not-disturb'
  | 'quiet-hours'
  /** The OS's own Do not disturb: Windows Focus Assist, macOS Focus (and Windows quiet time). */
  | 'os-focus'
  | 'conversation-on-screen'
  | 'window-not-focused'
  | 'other-conversation-on-screen';

export interface NotificationDecision {
  show: boolean;
  reason: NotificationReason;
  /**
   * 'private' while the screen is presented (or a full-screen app runs): the notification
   * shows who wrote, not what (see `privateNotificationContent`). Absent: the full content.
   */
  content?: 'private';
}

/** What the OS says about its quiet modes (main/focus/os-focus.ts); null: not known (always on the web). */
export interface OsFocusState {
  doNotDisturb: boolean | null;
  presenting: boolean | null;
}

export interface NotificationContext {
  settings: Pick<UserSettings, 'notificationsEnabled' | 'quietHours'>;
  /** The user's own status: from the last presence report, else from the view report. */
  status: PresenceStatus | null;
  view: ViewState | null;
  window: WindowAttention;
  now: Date;
  /** Unknown (null, or no source on this OS) never holds a notification back. */
  osFocus?: OsFocusState;
}

/**
 * Whether an incoming message deserves a notification, and why (logged, tested). The one policy
 * of both hosts: the desktop (main/shell) and the web page (renderer/src/bridge/browser.ts).
 */
export function decideNotification(
  event: IncomingMessageEvent,
  context: NotificationContext,
): NotificationDecision {
  if (!context.settings.notificationsEnabled) return { show: false, reason: 'notifications-disabled' };
  if ((context.status ?? context.view?.status) === 'dnd') return { show: false, reason: 'do-not-disturb' };
  if (isInQuietHours(context.settings.quietHours, context.now)) return { show: false, reason: 'quiet-hours' };
  if (context.osFocus?.doNotDisturb === true) return { show: false, reason: 'os-focus' };
  const privacy = context.osFocus?.presenting === true ? ({ content: 'private' } as const) : {};
  if (!isLookingAtApp(context.window)) return { show: true, reason: 'window-not-focused', ...privacy };
  if (isLookingAtConversation(event.conversationId, context.view, context.window))
    return { show: false, reason: 'conversation-on-screen' };
  return { show: true, reason: 'other-conversation-on-screen', ...privacy };
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

/** The content for a decision: full, or private while presenting. */
export function contentFor(
  decision: NotificationDecision,
  event: IncomingMessageEvent,
  sound: boolean,
): NotificationContent {
  return decision.content === 'private'
    ? privateNotificationContent(event)
    : notificationContent(event, sound);
}

/**
 * While the screen is presented: "Beacon" / "New message from Bob Baker", silent. No message
 * text and no conversation title (a group's name can say what it is about); the sender's
 * display name only — the audience sees that someone wrote, and the presenter knows whom to
 * answer. Clicking still opens the conversation.
 */
export function privateNotificationContent(event: IncomingMessageEvent): NotificationContent {
  const sender = event.senderName.replace(/\s+/g, ' ').trim();
  return { title: 'Beacon', body: sender ? `New message from ${sender}` : 'New message', silent: true };
}

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

import type { PresenceStatus } from '@beacon/protocol';
import type { IncomingMessageEvent, UserSettings, ViewState } from '../bridge';
import { ENGLISH, type Translate } from '../i18n';
import { isLookingAtApp, isLookingAtConversation, type WindowAttention } from './attention';
import { isInQuietHours } from './quiet-hours';

export type NotificationReason =
  | 'notifications-disabled'
  | 'do-not-disturb'
  | 'quiet-hours'
  /** The OS's own Do not disturb: Windows Focus Assist, macOS Focus (and Windows quiet time). */
  | 'os-focus'
  | 'conversation-on-screen'
  /** The message mentions the user: shown over another conversation (and, once muting exists, over a mute). */
  | 'mention'
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
 *
 * Every kind of Do not disturb wins over a mention: the user's own status, the schedule (quiet
 * hours are Do not disturb by the clock) and the OS's focus modes. Past those, a mention is shown
 * wherever the user is, except on screen in that very conversation. Muting, once it exists, goes
 * after the mention rule so a mention passes it.
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
  if (isLookingAtConversation(event.conversationId, context.view, context.window))
    return { show: false, reason: 'conversation-on-screen' };
  if (event.mentionsMe) return { show: true, reason: 'mention', ...privacy };
  if (!isLookingAtApp(context.window)) return { show: true, reason: 'window-not-focused', ...privacy };
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
  t: Translate = ENGLISH,
): NotificationContent {
  return decision.content === 'private'
    ? privateNotificationContent(event, t)
    : notificationContent(event, sound, t);
}

/**
 * While the screen is presented: "Beacon" / "New message from Bob Baker", silent. No message
 * text and no conversation title (a group's name can say what it is about); the sender's
 * display name only — the audience sees that someone wrote, and the presenter knows whom to
 * answer. Clicking still opens the conversation.
 */
export function privateNotificationContent(
  event: IncomingMessageEvent,
  t: Translate = ENGLISH,
): NotificationContent {
  const sender = oneLine(event.senderName);
  if (event.mentionsMe) {
    const body = sender ? t('notifications.mentionedYou', { sender }) : t('notifications.youWereMentioned');
    return { title: 'Beacon', body, silent: true };
  }
  const body = sender ? t('notifications.newMessageFrom', { sender }) : t('notifications.newMessage');
  return { title: 'Beacon', body, silent: true };
}

/**
 * A message: the conversation as title, "Sender: text" (just the text in a direct conversation).
 * A mention says so in the title: "Bob Baker mentioned you in Q3 planning".
 */
export function notificationContent(
  event: IncomingMessageEvent,
  sound: boolean,
  t: Translate = ENGLISH,
): NotificationContent {
  const text = oneLine(event.body);
  const body = text.length > BODY_MAX_CHARS ? `${text.slice(0, BODY_MAX_CHARS - 1).trimEnd()}…` : text;
  const direct = event.senderName === event.conversationTitle;
  if (event.mentionsMe) {
    const sender = oneLine(event.senderName) || t('notifications.someone');
    const title =
      direct || event.conversationTitle === ''
        ? t('notifications.mentionedYou', { sender })
        : t('notifications.mentionedYouIn', { sender, conversation: oneLine(event.conversationTitle) });
    return { title, body, silent: !sound };
  }
  return {
    title: event.conversationTitle || event.senderName || 'Beacon',
    body:
      direct || event.senderName === ''
        ? body
        : t('notifications.senderAndText', { sender: event.senderName, text: body }),
    silent: !sound,
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

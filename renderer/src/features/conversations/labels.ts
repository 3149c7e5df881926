import type { Conversation, User } from '@beacon/protocol';
import type { Translate } from '../../../../common/i18n';
import { displayName } from '../../store/selectors';

/** One line of the newest message for the list: "You: see you at 3", "Bob: ok" (groups), or the text. */
export function messagePreview(
  conversation: Conversation,
  meId: string | undefined,
  users: Record<string, User>,
  t: Translate,
): string | null {
  const last = conversation.lastMessage;
  if (!last) return null;
  if (last.kind === 'system') return last.body;
  const text = last.deletedAt !== null ? t('conversations.deleted') : last.body.replace(/\s+/g, ' ').trim();
  const clipped = text.length > 120 ? `${text.slice(0, 119)}…` : text;
  if (last.senderId === meId) return t('conversations.previewMine', { text: clipped });
  if (conversation.kind === 'group')
    return t('conversations.previewSender', {
      sender: displayName(users[last.senderId]).split(' ')[0],
      text: clipped,
    });
  return clipped;
}

/** The accessible name of a conversation row: "Bob Baker, 3 unread, ok see you then". */
export function conversationLabel(
  conversation: Conversation,
  preview: string | null,
  t: Translate,
  mentions = 0,
): string {
  const parts = [conversation.title || t('conversations.untitled')];
  if (conversation.kind === 'group') parts.push(t('conversations.group'));
  if (conversation.unread > 0) parts.push(t('conversations.unread', { count: conversation.unread }));
  const mentionsMe = Math.min(mentions, conversation.unread);
  if (mentionsMe > 0) parts.push(t('conversations.mentionsOfYou', { count: mentionsMe }));
  if (preview) parts.push(preview);
  return parts.join(', ');
}

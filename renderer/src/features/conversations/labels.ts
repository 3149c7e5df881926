import type { Conversation, User } from '@beacon/protocol';
import { displayName } from '../../store/selectors';

/** One line of the newest message for the list: "You: see you at 3", "Bob: ok" (groups), or the text. */
export function messagePreview(
  conversation: Conversation,
  meId: string | undefined,
  users: Record<string, User>,
): string | null {
  const last = conversation.lastMessage;
  if (!last) return null;
  if (last.kind === 'system') return last.body;
  const text = last.deletedAt !== null ? 'This message was deleted' : last.body.replace(/\s+/g, ' ').trim();
  const clipped = text.length > 120 ? `${text.slice(0, 119)}…` : text;
  if (last.senderId === meId) return `You: ${clipped}`;
  if (conversation.kind === 'group') return `${displayName(users[last.senderId]).split(' ')[0]}: ${clipped}`;
  return clipped;
}

/** The accessible name of a conversation row: "Bob Baker, 3 unread, ok see you then". */
export function conversationLabel(conversation: Conversation, preview: string | null, mentions = 0): string {
  const parts = [conversation.title || 'Conversation'];
  if (conversation.kind === 'group') parts.push('group');
  if (conversation.unread > 0) parts.push(`${conversation.unread} unread`);
  const mentionsMe = Math.min(mentions, conversation.unread);
  if (mentionsMe > 0) parts.push(mentionsMe === 1 ? '1 mention of you' : `${mentionsMe} mentions of you`);
  if (preview) parts.push(preview);
  return parts.join(', ');
}

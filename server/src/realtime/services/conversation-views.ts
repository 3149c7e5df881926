import type { Conversation, User } from '@beacon/protocol';
import type { ConversationRecord, MemberConversationRecord } from '../../store/types';

/** Untitled groups list up to this many names before "and N others". */
const NAMES_IN_TITLE = 4;

/**
 * The title a viewer sees: a group's own title; else, for a direct conversation,
 * the other member's name; for an untitled group, the other members' names.
 */
export function titleFor(
  viewerId: string,
  conversation: Pick<ConversationRecord, 'kind' | 'title' | 'memberIds'>,
  users: ReadonlyMap<string, User>,
): string {
  if (conversation.kind === 'group' && conversation.title) return conversation.title;
  const others = conversation.memberIds
    .filter((id) => id !== viewerId)
    .map((id) => users.get(id)?.name ?? 'Unknown user');
  if (others.length === 0) return users.get(viewerId)?.name ?? 'Only you';
  if (conversation.kind === 'direct') return others[0] ?? '';
  if (others.length <= NAMES_IN_TITLE) return others.join(', ');
  const shown = others.slice(0, NAMES_IN_TITLE - 1);
  return `${shown.join(', ')} and ${others.length - shown.length} others`;
}

/** A stored conversation as one member sees it. */
export function toConversation(
  viewerId: string,
  record: MemberConversationRecord,
  users: ReadonlyMap<string, User>,
  readSeqs?: Record<string, number>,
): Conversation {
  return {
    id: record.id,
    kind: record.kind,
    title: titleFor(viewerId, record, users),
    memberIds: record.memberIds,
    members: record.memberIds.flatMap((id) => users.get(id) ?? []),
    lastSeq: record.lastSeq,
    readSeq: record.readSeq,
    unread: record.unread,
    unreadMentionSeqs: record.unreadMentionSeqs,
    lastMessage: record.lastMessage,
    ...(readSeqs ? { readSeqs } : {}),
    createdAt: record.createdAt,
  };
}

/** A conversation just created, as `viewerId` sees it (nothing read, nothing sent yet). */
export function newConversationView(
  viewerId: string,
  record: ConversationRecord,
  users: ReadonlyMap<string, User>,
): Conversation {
  const readSeqs = Object.fromEntries(record.memberIds.map((id) => [id, 0]));
  return toConversation(
    viewerId,
    { ...record, readSeq: 0, unread: 0, unreadMentionSeqs: [], lastMessage: null },
    users,
    readSeqs,
  );
}

import { LIMITS } from '@beacon/protocol';
import { toConversationRecord } from '../sqlite/conversation-records';
import type { SortableView } from '../sqlite/former-conversations';
import type { ConversationRow } from '../sqlite/rows';
import type { MemberConversationRecord } from '../types';
import { type HydratedMessageRow, hydratedMessageColumns, toMessage } from './message-rows';
import type { Queryable } from './queryable';

interface ViewRow extends ConversationRow {
  member_ids: string[];
  /** json: the last message the viewer may read, as a `HydratedMessageRow`, or null. */
  last_message: HydratedMessageRow | null;
}

interface MemberViewRow extends ViewRow {
  sort_at: number;
  read_seq: number;
  unread: number;
  /** json array of seqs, ascending. */
  mention_seqs: number[];
}

/** The message of conversation `c` at seq `seqExpression`, hydrated, as one json value. */
function lastMessageAt(seqExpression: string): string {
  return `(SELECT to_json(lm) FROM (
      SELECT ${hydratedMessageColumns('msg')} FROM messages msg
      WHERE msg.conversation_id = c.id AND msg.seq = ${seqExpression}) lm) AS last_message`;
}

/**
 * A conversation as a current member sees it, each one a single statement with its members and
 * last message. Unread = people's messages after the member's read position sent by someone
 * else; system notes ("Alice added Bob") never count. The unread (not deleted) ones that
 * mention the member give the mention badge; both walk only the unread tail (the seq index).
 */
const MEMBER_VIEW_SELECT = `
  SELECT c.id, c.kind, c.title, c.last_seq, c.created_at, m.read_seq, c.last_activity_at AS sort_at,
    (SELECT count(*) FROM messages msg
      WHERE msg.conversation_id = c.id AND msg.seq > m.read_seq AND msg.sender_id <> m.user_id
        AND msg.kind = 'user') AS unread,
    (SELECT coalesce(json_agg(mentioned.seq ORDER BY mentioned.seq), '[]') FROM (
      SELECT msg.seq FROM messages msg
      WHERE msg.conversation_id = c.id AND msg.seq > m.read_seq AND msg.sender_id <> m.user_id
        AND msg.kind = 'user' AND msg.deleted_at IS NULL AND msg.mentions ? m.user_id
      ORDER BY msg.seq DESC LIMIT ${LIMITS.unreadMentionSeqsMax}) mentioned) AS mention_seqs,
    array(SELECT o.user_id FROM conversation_members o
      WHERE o.conversation_id = c.id ORDER BY o.position) AS member_ids,
    ${lastMessageAt('c.last_seq')}
  FROM conversation_members m
  JOIN conversations c ON c.id = m.conversation_id`;

/** A direct conversation someone else opened shows once it has a message (or the member opened it too). */
const LISTED = '(m.listed OR c.last_seq > 0)';

/**
 * Conversations v2: the read-only view of a conversation the user was removed from or left
 * (`former_members`), until they hide it; `last_seq` is the last seq they may read.
 */
const FORMER_VIEW_SELECT = `
  SELECT c.id, c.kind, c.title, c.created_at, p.last_seq,
    array(SELECT o.user_id FROM conversation_members o
      WHERE o.conversation_id = c.id AND o.user_id <> f.user_id ORDER BY o.position) AS member_ids,
    ${lastMessageAt('p.last_seq')}
  FROM former_members f
  JOIN conversations c ON c.id = f.conversation_id
  CROSS JOIN LATERAL (SELECT max(to_seq) AS last_seq FROM member_periods
    WHERE conversation_id = c.id AND user_id = f.user_id) p
  WHERE NOT f.hidden`;

export async function memberViews(q: Queryable, userId: string): Promise<SortableView[]> {
  const result = await q.query<MemberViewRow>(
    `${MEMBER_VIEW_SELECT} WHERE m.user_id = $1 AND ${LISTED}
     ORDER BY c.last_activity_at DESC, c.created_at DESC, c.id COLLATE "C"`,
    [userId],
  );
  return result.rows.map(toMemberView);
}

export async function memberView(
  q: Queryable,
  conversationId: string,
  userId: string,
): Promise<MemberConversationRecord | null> {
  const result = await q.query<MemberViewRow>(`${MEMBER_VIEW_SELECT} WHERE c.id = $1 AND m.user_id = $2`, [
    conversationId,
    userId,
  ]);
  const row = result.rows[0];
  return row ? toMemberView(row).record : null;
}

export async function formerViews(q: Queryable, userId: string): Promise<SortableView[]> {
  const result = await q.query<ViewRow>(`${FORMER_VIEW_SELECT} AND f.user_id = $1`, [userId]);
  return result.rows.map(toFormerView);
}

export async function formerView(
  q: Queryable,
  conversationId: string,
  userId: string,
): Promise<MemberConversationRecord | null> {
  const result = await q.query<ViewRow>(`${FORMER_VIEW_SELECT} AND c.id = $1 AND f.user_id = $2`, [
    conversationId,
    userId,
  ]);
  const row = result.rows[0];
  return row ? toFormerView(row).record : null;
}

function toMemberView(row: MemberViewRow): SortableView {
  return {
    record: {
      ...toConversationRecord(row, row.member_ids),
      readSeq: row.read_seq,
      unread: row.unread,
      unreadMentionSeqs: row.mention_seqs,
      lastMessage: row.last_message === null ? null : toMessage(row.last_message),
    },
    sortAt: row.sort_at,
  };
}

/** Read-only: everything up to their departure counts as read, and nothing after it is theirs. */
function toFormerView(row: ViewRow): SortableView {
  const lastMessage = row.last_message === null ? null : toMessage(row.last_message);
  return {
    record: {
      ...toConversationRecord(row, row.member_ids),
      readSeq: row.last_seq,
      unread: 0,
      unreadMentionSeqs: [],
      lastMessage,
      left: true,
    },
    sortAt: lastMessage?.sentAt ?? row.created_at,
  };
}

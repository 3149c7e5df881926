import type { MemberPeriod } from '../types';
import type { Queryable } from './queryable';

/**
 * The `member_periods` table: which seqs each member may read. Written inside the
 * transactions that change membership, so a period never disagrees with the members.
 */
export async function openPeriods(
  q: Queryable,
  conversationId: string,
  userIds: readonly string[],
  fromSeq: number,
): Promise<void> {
  await q.query(
    `INSERT INTO member_periods (conversation_id, user_id, from_seq, to_seq)
     SELECT $1, user_id, $3, NULL FROM unnest($2::text[]) AS u (user_id)`,
    [conversationId, userIds, fromSeq],
  );
}

export async function closePeriods(
  q: Queryable,
  conversationId: string,
  userIds: readonly string[],
  toSeq: number,
): Promise<void> {
  await q.query(
    `UPDATE member_periods SET to_seq = $1
     WHERE conversation_id = $2 AND user_id = ANY($3::text[]) AND to_seq IS NULL`,
    [toSeq, conversationId, userIds],
  );
}

export async function periodsOf(
  q: Queryable,
  conversationId: string,
  userId: string,
): Promise<MemberPeriod[]> {
  const result = await q.query<{ from_seq: number; to_seq: number | null }>(
    'SELECT from_seq, to_seq FROM member_periods WHERE conversation_id = $1 AND user_id = $2 ORDER BY from_seq',
    [conversationId, userId],
  );
  return result.rows.map((row) => ({ fromSeq: row.from_seq, toSeq: row.to_seq }));
}

/** The member ids in member order. */
export async function memberIdsOf(q: Queryable, conversationId: string): Promise<string[]> {
  const result = await q.query<{ user_id: string }>(
    'SELECT user_id FROM conversation_members WHERE conversation_id = $1 ORDER BY position',
    [conversationId],
  );
  return result.rows.map((row) => row.user_id);
}

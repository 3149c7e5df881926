import type pg from 'pg';
import type { ConversationRow } from '../sqlite/rows';
import { prepared } from './queryable';

/**
 * Every write that takes a conversation's next `seq` or its archive chain's next position holds
 * the conversation's row lock until it commits, so two nodes never take the same one and never
 * leave a gap (a transaction that rolls back took nothing). FOR NO KEY UPDATE is the lock the
 * `UPDATE conversations SET last_seq` takes anyway: writers wait for each other, while the
 * foreign-key checks of rows that merely reference the conversation (KEY SHARE) do not.
 *
 * It must be a statement of its own, before the reads it protects: in READ COMMITTED each later
 * statement of the transaction sees what the previous holder committed.
 */
export async function lockConversation(
  client: pg.PoolClient,
  conversationId: string,
): Promise<ConversationRow | null> {
  const result = await client.query<ConversationRow>(
    prepared(
      'SELECT id, kind, title, last_seq, created_at FROM conversations WHERE id = $1 FOR NO KEY UPDATE',
      [conversationId],
    ),
  );
  return result.rows[0] ?? null;
}

/**
 * Locks several conversations (a scan verdict archived in every conversation the file was
 * shared in), always in the same order, so two such writers cannot deadlock.
 */
export async function lockConversations(
  client: pg.PoolClient,
  conversationIds: readonly string[],
): Promise<void> {
  if (conversationIds.length === 0) return;
  await client.query(
    'SELECT id FROM conversations WHERE id = ANY($1::text[]) ORDER BY id COLLATE "C" FOR NO KEY UPDATE',
    [[...new Set(conversationIds)]],
  );
}

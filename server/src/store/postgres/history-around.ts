import type { Message } from '@beacon/protocol';
import type { AroundQuery } from '../sqlite/history-around';
import { selectMessages } from './message-reads';
import type { Queryable } from './queryable';

/**
 * `message:history` with `aroundSeq`: `limit` messages with that seq in the middle, half
 * older (seq < aroundSeq) and half from it on; near either end of the range the other side
 * fills the page. `more`: older messages exist in the range before the page.
 */
export async function aroundSeqPage(
  q: Queryable,
  conversationId: string,
  query: AroundQuery,
): Promise<{ messages: Message[]; more: boolean }> {
  const { aroundSeq, limit } = query;
  const low = query.afterSeq ?? 0;
  const high = query.beforeSeq ?? Number.MAX_SAFE_INTEGER;
  const [older, newer] = await Promise.all([
    selectMessages(
      q,
      'WHERE m.conversation_id = $1 AND m.seq > $2 AND m.seq < $3 ORDER BY m.seq DESC LIMIT $4',
      [conversationId, low, Math.min(aroundSeq, high), limit + 1],
    ),
    selectMessages(q, 'WHERE m.conversation_id = $1 AND m.seq >= $2 AND m.seq < $3 ORDER BY m.seq LIMIT $4', [
      conversationId,
      Math.max(aroundSeq, low + 1),
      high,
      limit,
    ]),
  ]);
  const olderCount = Math.min(older.length, Math.max(Math.floor(limit / 2), limit - newer.length));
  const newerCount = Math.min(newer.length, limit - olderCount);
  return {
    messages: [...older.slice(0, olderCount).reverse(), ...newer.slice(0, newerCount)],
    more: older.length > olderCount,
  };
}

import type { Message, ReplyQuote } from '@beacon/protocol';
import {
  type HydratedMessageRow,
  hydratedMessageColumns,
  quotesSql,
  toMessage,
  toQuote,
} from './message-rows';
import type { Queryable } from './queryable';

/**
 * Messages with everything a protocol message carries, in one statement: `clauses` follow
 * `FROM messages m` (a WHERE, an ORDER BY, a LIMIT) with `values` as their parameters.
 */
export async function selectMessages(q: Queryable, clauses: string, values: unknown[]): Promise<Message[]> {
  const result = await q.query<HydratedMessageRow>(
    `SELECT ${hydratedMessageColumns('m')} FROM messages m ${clauses}`,
    values,
  );
  return result.rows.map(toMessage);
}

export async function messageById(q: Queryable, messageId: string): Promise<Message | null> {
  return (await selectMessages(q, 'WHERE m.id = $1', [messageId]))[0] ?? null;
}

/** The quote of a message and the conversation it is in, or null when there is no such message. */
export async function quoteOf(
  q: Queryable,
  messageId: string,
): Promise<{ quote: ReplyQuote; conversationId: string } | null> {
  const result = await q.query<{ quote: unknown; conversation_id: string }>(quotesSql('q.id = $1'), [
    messageId,
  ]);
  const row = result.rows[0];
  return row ? { quote: toQuote(row.quote), conversationId: row.conversation_id } : null;
}

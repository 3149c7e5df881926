import type { Message } from '@beacon/protocol';
import type pg from 'pg';
import type { ArchivedPerson } from '../../compliance/entries';
import type { NewMessage } from '../types';
import type { ChainPosition } from './archive-log';
import { selectMessages } from './message-reads';
import { prepared } from './queryable';

/** What a batch needs of one of its conversations, as it is under the batch's lock. */
export interface ConversationContext {
  lastSeq: number;
  /** The current members in member order, as the archive names them. */
  members: ArchivedPerson[];
  /** The archive chain's head, or null. */
  head: ChainPosition | null;
}

/** What a group commit reads once it holds its conversations' locks (message-append.ts reads the same for one append). */
export interface BatchContext {
  /** The batch's conversations that exist. */
  conversations: ReadonlyMap<string, ConversationContext>;
  /** Messages already stored under an append's (conversation, sender, clientId): retries. */
  stored: ReadonlyMap<string, Message>;
  /** The batch's senders that exist. */
  senders: ReadonlySet<string>;
}

type Idempotent = Pick<NewMessage, 'conversationId' | 'senderId' | 'clientId'>;

/** One key per (conversation, sender, clientId), whatever characters the ids hold. */
export function idempotencyKey({ conversationId, senderId, clientId }: Idempotent): string {
  return JSON.stringify([conversationId, senderId, clientId]);
}

interface ContextRow {
  conversations: Array<ConversationContext & { id: string }>;
  existing: Array<Idempotent & { id: string }>;
  senders: string[];
}

/**
 * One statement for the whole batch, whatever its size: every conversation's last seq, members
 * and archive chain head, the stored messages of its (conversation, sender, clientId) triples,
 * and which senders exist. The archive's chain is `COLLATE "C"` (its index too).
 */
const BATCH_CONTEXT_SQL = `
  SELECT
    coalesce((
      SELECT json_agg(json_build_object(
        'id', c.id,
        'lastSeq', c.last_seq,
        'members', coalesce((
          SELECT json_agg(json_build_object('id', u.id, 'email', u.email, 'name', u.name) ORDER BY m.position)
          FROM conversation_members m JOIN users u ON u.id = m.user_id
          WHERE m.conversation_id = c.id), '[]'),
        'head', (
          SELECT json_build_object('chainSeq', a.chain_seq, 'hash', a.hash) FROM archive_entries a
          WHERE a.chain = c.id COLLATE "C" ORDER BY a.chain_seq DESC LIMIT 1)))
      FROM conversations c WHERE c.id = ANY($1::text[])), '[]') AS conversations,
    coalesce((
      SELECT json_agg(json_build_object(
        'conversationId', m.conversation_id, 'senderId', m.sender_id, 'clientId', m.client_id, 'id', m.id))
      FROM unnest($2::text[], $3::text[], $4::text[]) AS w (conversation_id, sender_id, client_id)
      JOIN messages m
        ON m.conversation_id = w.conversation_id AND m.sender_id = w.sender_id AND m.client_id = w.client_id
    ), '[]') AS existing,
    coalesce((SELECT json_agg(u.id) FROM users u WHERE u.id = ANY($5::text[])), '[]') AS senders`;

/**
 * Reads a batch's context in one round trip, and a second only when some append is a retry of
 * a stored message (rare). The caller holds the lock of every conversation of `messages`.
 */
export async function readBatchContext(
  client: pg.PoolClient,
  messages: readonly NewMessage[],
): Promise<BatchContext> {
  const triples = new Map(messages.map((message) => [idempotencyKey(message), message]));
  const wanted = [...triples.values()];
  const row = (
    await client.query<ContextRow>(
      prepared(BATCH_CONTEXT_SQL, [
        [...new Set(messages.map((message) => message.conversationId))],
        wanted.map((message) => message.conversationId),
        wanted.map((message) => message.senderId),
        wanted.map((message) => message.clientId),
        [...new Set(messages.map((message) => message.senderId))],
      ]),
    )
  ).rows[0];
  if (!row) throw new Error('the batch context query returned no row');
  const stored = new Map<string, Message>();
  if (row.existing.length > 0) {
    const byId = new Map(
      (
        await selectMessages(client, 'WHERE m.id = ANY($1::text[])', [row.existing.map((found) => found.id)])
      ).map((message) => [message.id, message]),
    );
    for (const found of row.existing) {
      const message = byId.get(found.id);
      if (message) stored.set(idempotencyKey(found), message);
    }
  }
  return {
    conversations: new Map(row.conversations.map(({ id, ...context }) => [id, context])),
    stored,
    senders: new Set(row.senders),
  };
}

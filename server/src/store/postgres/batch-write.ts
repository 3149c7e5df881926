import type pg from 'pg';
import { ENTRY_COLUMNS, entryColumnValues } from '../archive-rows';
import type { BatchWrites } from './batch-plan';
import { prepared } from './queryable';

/**
 * A batch's messages, their archive entries and their conversations' `last_seq`, in one
 * statement of one text whatever the batch's size: each column is one array parameter
 * (`unnest`), so the statement is prepared once per connection and never nears PostgreSQL's
 * 65,535 parameters. Version 1 of each message goes to message_versions by trigger.
 */
const BATCH_WRITE_SQL = `
  WITH new_messages AS (
    INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, body, sent_at, kind, system, mentions)
    SELECT id, conversation_id, seq, sender_id, client_id, body, sent_at, kind, system::jsonb, mentions::jsonb
    FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[],
      $8::text[], $9::text[], $10::text[])
      AS r (id, conversation_id, seq, sender_id, client_id, body, sent_at, kind, system, mentions)
  ), new_entries AS (
    INSERT INTO archive_entries (${ENTRY_COLUMNS})
    SELECT * FROM unnest($11::text[], $12::bigint[], $13::bigint[], $14::text[], $15::text[], $16::text[],
      $17::text[], $18::text[], $19::text[], $20::text[])
  )
  UPDATE conversations c SET last_seq = u.last_seq, last_activity_at = greatest(c.last_activity_at, u.at)
  FROM unnest($21::text[], $22::bigint[], $23::bigint[]) AS u (id, last_seq, at)
  WHERE c.id = u.id`;

const ENTRY_COLUMN_COUNT = ENTRY_COLUMNS.split(', ').length;

export async function writeBatch(client: pg.PoolClient, writes: BatchWrites): Promise<void> {
  if (writes.messages.length === 0) return;
  const { messages, conversations } = writes;
  const entryRows = writes.entries.map(entryColumnValues);
  const entryColumns = Array.from({ length: ENTRY_COLUMN_COUNT }, (_, column) =>
    entryRows.map((row) => row[column]),
  );
  await client.query(
    prepared(BATCH_WRITE_SQL, [
      messages.map((message) => message.id),
      messages.map((message) => message.conversationId),
      messages.map((message) => message.seq),
      messages.map((message) => message.senderId),
      messages.map((message) => message.clientId),
      messages.map((message) => message.body),
      messages.map((message) => message.sentAt),
      messages.map((message) => message.kind),
      messages.map((message) => (message.system === null ? null : JSON.stringify(message.system))),
      messages.map((message) => JSON.stringify(message.mentions)),
      ...entryColumns,
      conversations.map((conversation) => conversation.id),
      conversations.map((conversation) => conversation.lastSeq),
      conversations.map((conversation) => conversation.lastActivityAt),
    ]),
  );
}

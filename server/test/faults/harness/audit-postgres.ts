import pg from 'pg';
import type { StoredConversation, StoredMessage } from './audit';

/** Every message row and every conversation's last seq, straight from PostgreSQL, for `auditStoredDelivery`. */
export async function readPostgresDelivery(
  url: string,
  schema: string,
): Promise<{ rows: StoredMessage[]; lastSeqs: StoredConversation[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    const messages = await client.query<StoredMessage & { seq: string }>(
      'SELECT id, conversation_id, seq, sender_id, client_id, kind FROM messages ORDER BY conversation_id, seq',
    );
    const conversations = await client.query<{ id: string; last_seq: string }>(
      'SELECT id, last_seq FROM conversations',
    );
    return {
      rows: messages.rows.map((row) => ({ ...row, seq: Number(row.seq) })),
      lastSeqs: conversations.rows.map((row) => ({ id: row.id, last_seq: Number(row.last_seq) })),
    };
  } finally {
    await client.end();
  }
}

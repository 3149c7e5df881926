import type { Message } from '@beacon/protocol';
import Database from 'better-sqlite3';
import type { FaultClient, PlannedMessage } from './fault-client';

export interface StoredMessage {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  client_id: string;
  kind: string;
}

export interface StoredConversation {
  id: string;
  last_seq: number;
}

export interface AuditFigures {
  planned: number;
  /** Planned messages acknowledged to their sender. */
  acked: number;
  /** User message rows in the database (system messages announcing groups are not planned). */
  stored: number;
  /** Planned (or acked) messages with no row. */
  lost: number;
  /** clientIds with more than one row. */
  duplicated: number;
  /** Rows whose clientId nobody planned. */
  unexpected: number;
  conversations: number;
  /** Conversations whose seqs are not exactly 1..last_seq. */
  conversationsWithGaps: number;
  /** Acks that disagree with the stored row (other id or seq). */
  ackMismatches: number;
  clients: number;
  /** Clients whose view of every conversation equals the database. */
  clientsCaughtUp: number;
  /** Human-readable descriptions of the first problems found. */
  problems: string[];
}

/**
 * Compares what was planned, what was acknowledged, what every client holds and what
 * the database holds (opened read-only, straight from the file, after the server stopped).
 */
export function auditDelivery(
  databaseFile: string,
  planned: PlannedMessage[],
  clients: FaultClient[],
): AuditFigures {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  let rows: StoredMessage[];
  let lastSeqs: StoredConversation[];
  try {
    rows = db
      .prepare(
        'SELECT id, conversation_id, seq, sender_id, client_id, kind FROM messages ORDER BY conversation_id, seq',
      )
      .all() as StoredMessage[];
    lastSeqs = db.prepare('SELECT id, last_seq FROM conversations').all() as StoredConversation[];
  } finally {
    db.close();
  }
  return auditStoredDelivery({ rows, lastSeqs }, planned, clients);
}

/** The same audit over rows read by the caller (PostgreSQL: audit-postgres.ts), ordered by conversation and seq. */
export function auditStoredDelivery(
  stored: { rows: StoredMessage[]; lastSeqs: StoredConversation[] },
  planned: PlannedMessage[],
  clients: FaultClient[],
): AuditFigures {
  const { rows, lastSeqs } = stored;
  const problems: string[] = [];
  const note = (problem: string) => {
    if (problems.length < 20) problems.push(problem);
  };

  const rowsByClientId = new Map<string, StoredMessage[]>();
  for (const row of rows) {
    if (row.kind !== 'user') continue;
    const list = rowsByClientId.get(row.client_id) ?? [];
    list.push(row);
    rowsByClientId.set(row.client_id, list);
  }
  const plannedIds = new Set(planned.map((p) => p.clientId));

  let lost = 0;
  for (const message of planned) {
    if (!rowsByClientId.has(message.clientId)) {
      lost++;
      note(`lost: ${message.clientId} in ${message.conversationId}`);
    }
  }
  let duplicated = 0;
  let unexpected = 0;
  for (const [clientId, list] of rowsByClientId) {
    if (list.length > 1) {
      duplicated++;
      note(`duplicated: ${clientId} stored ${list.length} times (seqs ${list.map((r) => r.seq).join(', ')})`);
    }
    if (!plannedIds.has(clientId)) {
      unexpected++;
      note(`unexpected row: ${clientId}`);
    }
  }

  const seqsByConversation = new Map<string, number[]>();
  for (const row of rows) {
    const seqs = seqsByConversation.get(row.conversation_id) ?? [];
    seqs.push(row.seq);
    seqsByConversation.set(row.conversation_id, seqs);
  }
  let conversationsWithGaps = 0;
  for (const { id, last_seq } of lastSeqs) {
    const seqs = seqsByConversation.get(id) ?? [];
    const gapless = seqs.length === last_seq && seqs.every((seq, index) => seq === index + 1);
    if (!gapless) {
      conversationsWithGaps++;
      note(`gap: conversation ${id} has ${seqs.length} rows for last_seq ${last_seq}`);
    }
  }

  let acked = 0;
  let ackMismatches = 0;
  for (const client of clients) {
    for (const [clientId, message] of client.acked) {
      acked++;
      const row = rowsByClientId.get(clientId)?.[0];
      if (!row) continue; // counted as lost
      if (
        row.id !== message.id ||
        row.seq !== message.seq ||
        row.conversation_id !== message.conversationId
      ) {
        ackMismatches++;
        note(`ack of ${clientId} says ${message.id}#${message.seq}, the database ${row.id}#${row.seq}`);
      }
    }
    ackMismatches += client.conflictingAcks.length;
  }

  const rowsByConversation = new Map<string, StoredMessage[]>();
  for (const row of rows) {
    const list = rowsByConversation.get(row.conversation_id) ?? [];
    list.push(row);
    rowsByConversation.set(row.conversation_id, list);
  }
  let clientsCaughtUp = 0;
  for (const client of clients) {
    let caughtUp = client.unexpectedErrors.length === 0;
    for (const error of client.unexpectedErrors.slice(0, 3)) note(`${client.userId}: ${error}`);
    for (const [conversationId, seen] of client.view) {
      const stored = rowsByConversation.get(conversationId) ?? [];
      const differs =
        stored.length !== seen.size || stored.some((row) => !sameMessage(seen.get(row.seq), row));
      if (differs) {
        caughtUp = false;
        note(
          `${client.userId} holds ${seen.size} messages of ${conversationId} (contiguous to ${client.contiguousSeq(conversationId)}), the database ${stored.length}`,
        );
      }
    }
    if (caughtUp) clientsCaughtUp++;
  }

  return {
    planned: planned.length,
    acked,
    stored: rows.filter((row) => row.kind === 'user').length,
    lost,
    duplicated,
    unexpected,
    conversations: lastSeqs.length,
    conversationsWithGaps,
    ackMismatches,
    clients: clients.length,
    clientsCaughtUp,
    problems,
  };
}

function sameMessage(seen: Message | undefined, row: StoredMessage): boolean {
  return (
    seen !== undefined &&
    seen.id === row.id &&
    seen.clientId === row.client_id &&
    seen.senderId === row.sender_id &&
    seen.conversationId === row.conversation_id
  );
}

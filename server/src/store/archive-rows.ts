import type { ArchiveEntry, ArchiveKind } from '../compliance/entries';
import type { ManifestRecord } from './ports/compliance';

/** The archive's rows as both stores read them (same columns, `payload` as the JSON text hashed). */
export interface EntryRow {
  chain: string;
  chain_seq: number;
  at: number;
  kind: string;
  conversation_id: string | null;
  actor_id: string | null;
  message_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

export interface ManifestRow {
  id: number;
  created_at: number;
  covers_until: number;
  heads: string;
  key_id: string;
  signature: string;
}

export const ENTRY_COLUMNS =
  'chain, chain_seq, at, kind, conversation_id, actor_id, message_id, payload, prev_hash, hash';

/** One archive entry's values in the order of `ENTRY_COLUMNS`. */
export type EntryColumnValues = [
  chain: string,
  chainSeq: number,
  at: number,
  kind: string,
  conversationId: string | null,
  actorId: string | null,
  messageId: string | null,
  payload: string,
  prevHash: string,
  hash: string,
];

/** The values of `ENTRY_COLUMNS` for `entry`, in their order (both stores insert with them). */
export function entryColumnValues(entry: ArchiveEntry): EntryColumnValues {
  return [
    entry.chain,
    entry.chainSeq,
    entry.at,
    entry.kind,
    entry.conversationId,
    entry.actorId,
    entry.messageId,
    // Text (PostgreSQL: not jsonb): read back exactly as it was hashed.
    JSON.stringify(entry.payload),
    entry.prevHash,
    entry.hash,
  ];
}

/** `ENTRY_COLUMNS` qualified with a table alias. */
export function prefixedEntryColumns(alias: string): string {
  return ENTRY_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

export function toEntry(row: EntryRow): ArchiveEntry {
  return {
    chain: row.chain,
    chainSeq: row.chain_seq,
    at: row.at,
    kind: row.kind as ArchiveKind,
    conversationId: row.conversation_id,
    actorId: row.actor_id,
    messageId: row.message_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function toManifest(row: ManifestRow): ManifestRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    coversUntil: row.covers_until,
    heads: row.heads,
    keyId: row.key_id,
    signature: row.signature,
  };
}

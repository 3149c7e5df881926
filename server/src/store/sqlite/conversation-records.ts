import type { ConversationRecord } from '../types';
import { type ConversationRow, toConversationKind } from './rows';

/** The `conversations` columns of a `ConversationRow`, for a query that names the table `c`. */
export const CONVERSATION_COLUMNS = 'c.id, c.kind, c.title, c.last_seq, c.created_at';

export function toConversationRecord(row: ConversationRow, memberIds: string[]): ConversationRecord {
  return {
    id: row.id,
    kind: toConversationKind(row.kind),
    title: row.title,
    memberIds,
    lastSeq: row.last_seq,
    createdAt: row.created_at,
  };
}

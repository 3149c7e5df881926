import type { ConversationKind, Message } from '@beacon/protocol';
import type { SessionRecord, UserRecord } from '../types';

/** Rows as SQLite returns them, and their mapping to the port's records. */

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  disabled: number;
  created_at: number;
  kind: string;
}

export function toUser(row: UserRow): UserRecord {
  const user: UserRecord = {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
  // Only bots carry a kind, so a person's record reads as it did before version 6.
  if (row.kind === 'bot') user.kind = 'bot';
  return user;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export function toSession(row: SessionRow): SessionRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  client_id: string;
  body: string;
  sent_at: number;
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    senderId: row.sender_id,
    clientId: row.client_id,
    body: row.body,
    sentAt: row.sent_at,
  };
}

export interface ConversationRow {
  id: string;
  kind: string;
  title: string | null;
  last_seq: number;
  created_at: number;
}

export function toConversationKind(kind: string): ConversationKind {
  if (kind === 'direct' || kind === 'group') return kind;
  throw new Error(`unknown conversation kind in the database: ${kind}`);
}

/** The column list matching `MessageRow`, for queries that select messages. */
export const MESSAGE_COLUMNS = 'id, conversation_id, seq, sender_id, client_id, body, sent_at';

import {
  type Attachment,
  type ConversationKind,
  type Message,
  type MessageKind,
  type ReplyQuote,
  systemEventSchema,
} from '@beacon/protocol';
import { z } from 'zod';
import { isRole, normalizeRoles, type SessionRecord, type UserRecord } from '../types';

/** Rows as SQLite returns them, and their mapping to the port's records. */

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  disabled: number;
  created_at: number;
  kind: string;
  /** JSON array of role names (migration 12). */
  roles: string;
}

export function toUser(row: UserRow): UserRecord {
  const user: UserRecord = {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    roles: parseRoles(row.roles),
  };
  // Only bots carry a kind, so a person's record reads as it did before version 6.
  if (row.kind === 'bot') user.kind = 'bot';
  return user;
}

/** A role this version does not know grants nothing: it is dropped, never guessed at. */
function parseRoles(json: string): UserRecord['roles'] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? normalizeRoles(parsed.filter(isRole)) : [];
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
  /** The first version's body (the current one is in message_versions). */
  body: string;
  sent_at: number;
  kind: string;
  /** JSON of a SystemEvent, or null. */
  system: string | null;
  reply_to_id: string | null;
  /** JSON array of user ids. */
  mentions: string;
  version: number;
  edited_at: number | null;
  deleted_at: number | null;
}

/** What a message row does not hold itself: read in batches by message-hydration.ts. */
export interface MessageExtras {
  /** The current version's body. */
  body: string;
  replyTo: ReplyQuote | null;
  reactions: Record<string, string[]>;
  attachments: Attachment[];
}

export function toMessage(row: MessageRow, extras: MessageExtras): Message {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    senderId: row.sender_id,
    clientId: row.client_id,
    body: deleted ? '' : extras.body,
    sentAt: row.sent_at,
    kind: toMessageKind(row.kind),
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    replyToId: row.reply_to_id,
    replyTo: extras.replyTo,
    mentions: deleted ? [] : parseJson(row.mentions, z.array(z.string())),
    reactions: extras.reactions,
    attachments: deleted ? [] : extras.attachments,
    system: row.system === null ? null : parseJson(row.system, systemEventSchema),
  };
}

function toMessageKind(kind: string): MessageKind {
  if (kind === 'user' || kind === 'system') return kind;
  throw new Error(`unknown message kind in the database: ${kind}`);
}

function parseJson<T>(json: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(json));
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
export const MESSAGE_COLUMNS =
  'id, conversation_id, seq, sender_id, client_id, body, sent_at, kind, system, reply_to_id, mentions, version, edited_at, deleted_at';

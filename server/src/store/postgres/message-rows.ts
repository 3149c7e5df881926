import {
  type Attachment,
  attachmentSchema,
  MESSAGE_V2_LIMITS,
  type Message,
  type MessageKind,
  type ReplyQuote,
  replyQuoteSchema,
  systemEventSchema,
} from '@beacon/protocol';
import { z } from 'zod';

/** A `messages` row as pg returns it (bigint as a number, jsonb parsed). */
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
  /** jsonb: a SystemEvent, or null. */
  system: unknown;
  reply_to_id: string | null;
  /** jsonb array of user ids. */
  mentions: unknown;
  version: number;
  edited_at: number | null;
  deleted_at: number | null;
}

/**
 * A message row with what it does not hold itself, read by the same statement (see
 * `HYDRATED_MESSAGE_COLUMNS`): one query per page of messages, never one per message.
 */
export interface HydratedMessageRow extends MessageRow {
  /** The current version's body when the message was edited (and not deleted), else null. */
  current_body: string | null;
  /** json: the replied-to message's quote, or null. */
  reply_quote: unknown;
  /** json array of [emoji, userId] in the order reacted, or null. */
  reactions: unknown;
  /** json array of attachments in their order, or null. */
  attachments: unknown;
}

export const MESSAGE_COLUMNS =
  'id, conversation_id, seq, sender_id, client_id, body, sent_at, kind, system, reply_to_id, mentions, version, edited_at, deleted_at';

/** The quote of message `q` (its current version `qv`): characters, never half a surrogate pair. */
const QUOTE = `json_build_object('id', q.id, 'seq', q.seq, 'senderId', q.sender_id,
  'deleted', q.deleted_at IS NOT NULL,
  'body', CASE WHEN q.deleted_at IS NULL
    THEN substr(coalesce(qv.body, q.body), 1, ${MESSAGE_V2_LIMITS.replyQuoteMaxChars}) ELSE '' END)`;

/** `quote` (and `conversation_id`) of the messages `q` that `where` selects. */
export function quotesSql(where: string): string {
  return `SELECT ${QUOTE} AS quote, q.conversation_id FROM messages q
    LEFT JOIN message_versions qv ON qv.message_id = q.id AND qv.version = q.version
    WHERE ${where}`;
}

/** The columns of a `HydratedMessageRow`, for a query that names the messages table `alias`. */
export function hydratedMessageColumns(alias: string): string {
  const m = alias;
  const columns = MESSAGE_COLUMNS.split(', ')
    .map((column) => `${m}.${column}`)
    .join(', ');
  return `${columns},
    (SELECT v.body FROM message_versions v
      WHERE v.message_id = ${m}.id AND v.version = ${m}.version AND ${m}.version > 1 AND ${m}.deleted_at IS NULL
    ) AS current_body,
    (SELECT ${QUOTE} FROM messages q
      LEFT JOIN message_versions qv ON qv.message_id = q.id AND qv.version = q.version
      WHERE q.id = ${m}.reply_to_id) AS reply_quote,
    (SELECT json_agg(json_build_array(r.emoji, r.user_id) ORDER BY r.insertion_order)
      FROM message_reactions r WHERE r.message_id = ${m}.id) AS reactions,
    (SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size, 'mime', f.mime,
        'scan', f.scan, 'thumbnail', f.thumbnail) ORDER BY a.position)
      FROM message_attachments a JOIN files f ON f.id = a.file_id
      WHERE a.message_id = ${m}.id) AS attachments`;
}

const reactionsSchema = z.array(z.tuple([z.string(), z.string()]));
const mentionsSchema = z.array(z.string());
const attachmentsSchema = z.array(attachmentSchema);

export function toQuote(value: unknown): ReplyQuote {
  return replyQuoteSchema.parse(value);
}

export function toMessage(row: HydratedMessageRow): Message {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    senderId: row.sender_id,
    clientId: row.client_id,
    body: deleted ? '' : (row.current_body ?? row.body),
    sentAt: row.sent_at,
    kind: toMessageKind(row.kind),
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    replyToId: row.reply_to_id,
    replyTo: row.reply_quote === null ? null : toQuote(row.reply_quote),
    mentions: deleted ? [] : mentionsSchema.parse(row.mentions),
    reactions: toReactions(row.reactions),
    attachments: deleted || row.attachments === null ? [] : toAttachments(row.attachments),
    system: row.system === null ? null : systemEventSchema.parse(row.system),
  };
}

export function toAttachments(value: unknown): Attachment[] {
  return attachmentsSchema.parse(value);
}

/** Emoji → users in the order they reacted; emoji in the order of their first reaction. */
function toReactions(value: unknown): Record<string, string[]> {
  const reactions: Record<string, string[]> = {};
  if (value === null) return reactions;
  for (const [emoji, userId] of reactionsSchema.parse(value)) {
    const users = reactions[emoji];
    if (users) users.push(userId);
    else reactions[emoji] = [userId];
  }
  return reactions;
}

function toMessageKind(kind: string): MessageKind {
  if (kind === 'user' || kind === 'system') return kind;
  throw new Error(`unknown message kind in the database: ${kind}`);
}

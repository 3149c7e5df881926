import { type Attachment, MESSAGE_V2_LIMITS, type Message, type ReplyQuote } from '@beacon/protocol';
import type { Database, Statement } from 'better-sqlite3';
import { MESSAGE_COLUMNS, type MessageExtras, type MessageRow, toMessage } from './rows';

interface BodyRow {
  message_id: string;
  body: string;
}

interface QuoteRow {
  id: string;
  seq: number;
  sender_id: string;
  deleted_at: number | null;
  body: string;
}

interface ReactionRow {
  message_id: string;
  emoji: string;
  user_id: string;
}

interface AttachmentRow {
  message_id: string;
  id: string;
  name: string;
  size: number;
  mime: string;
  scan: Attachment['scan'];
  thumbnail: number;
}

/** `IN (…)` over a JSON array of ids: one statement whatever the number of ids. */
const IDS = '(SELECT value FROM json_each(?))';

/**
 * Turns message rows into protocol messages, reading what the rows do not hold (current
 * bodies of edited messages, reply quotes, reactions, attachments) with one query each for
 * the whole batch, never one per message.
 */
export class MessageHydrator {
  private readonly selectRow: Statement<[string], MessageRow>;
  private readonly selectCurrentBodies: Statement<[string], BodyRow>;
  private readonly selectQuotes: Statement<[string], QuoteRow>;
  private readonly selectReactions: Statement<[string], ReactionRow>;
  private readonly selectAttachments: Statement<[string], AttachmentRow>;

  constructor(db: Database) {
    this.selectRow = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`);
    this.selectCurrentBodies = db.prepare(
      `SELECT v.message_id, v.body FROM messages m
       JOIN message_versions v ON v.message_id = m.id AND v.version = m.version
       WHERE m.id IN ${IDS}`,
    );
    // substr counts characters (code points), so a quote never ends in half a surrogate pair.
    this.selectQuotes = db.prepare(
      `SELECT m.id, m.seq, m.sender_id, m.deleted_at,
         substr(coalesce(v.body, m.body), 1, ${MESSAGE_V2_LIMITS.replyQuoteMaxChars}) AS body
       FROM messages m
       LEFT JOIN message_versions v ON v.message_id = m.id AND v.version = m.version
       WHERE m.id IN ${IDS}`,
    );
    this.selectReactions = db.prepare(
      `SELECT message_id, emoji, user_id FROM message_reactions WHERE message_id IN ${IDS} ORDER BY rowid`,
    );
    this.selectAttachments = db.prepare(
      `SELECT a.message_id, f.id, f.name, f.size, f.mime, f.scan, f.thumbnail
       FROM message_attachments a JOIN files f ON f.id = a.file_id
       WHERE a.message_id IN ${IDS}
       ORDER BY a.message_id, a.position`,
    );
  }

  /** The message with that id, or null. */
  byId(messageId: string): Message | null {
    const row = this.selectRow.get(messageId);
    return row ? (this.toMessages([row])[0] ?? null) : null;
  }

  /** Quotes of the messages with these ids that exist, in no particular order. */
  quotes(messageIds: readonly string[]): ReplyQuote[] {
    if (messageIds.length === 0) return [];
    return this.selectQuotes.all(JSON.stringify(messageIds)).map(toQuote);
  }

  /** The rows as messages, in the same order. */
  toMessages(rows: readonly MessageRow[]): Message[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((row) => row.id));
    const edited = rows.filter((row) => row.version > 1 && row.deleted_at === null).map((row) => row.id);
    const bodies = new Map<string, string>();
    if (edited.length > 0) {
      for (const row of this.selectCurrentBodies.all(JSON.stringify(edited)))
        bodies.set(row.message_id, row.body);
    }
    const quoted = [...new Set(rows.flatMap((row) => (row.reply_to_id === null ? [] : [row.reply_to_id])))];
    const quotes = new Map(this.quotes(quoted).map((quote) => [quote.id, quote]));
    const reactions = new Map<string, Record<string, string[]>>();
    for (const row of this.selectReactions.all(ids)) {
      const ofMessage = reactions.get(row.message_id) ?? {};
      const users = ofMessage[row.emoji];
      if (users) users.push(row.user_id);
      else ofMessage[row.emoji] = [row.user_id];
      reactions.set(row.message_id, ofMessage);
    }
    const attachments = new Map<string, Attachment[]>();
    for (const row of this.selectAttachments.all(ids)) {
      const list = attachments.get(row.message_id) ?? [];
      list.push(toAttachment(row));
      attachments.set(row.message_id, list);
    }
    return rows.map((row) => {
      const extras: MessageExtras = {
        body: bodies.get(row.id) ?? row.body,
        replyTo: row.reply_to_id === null ? null : (quotes.get(row.reply_to_id) ?? null),
        reactions: reactions.get(row.id) ?? {},
        attachments: attachments.get(row.id) ?? [],
      };
      return toMessage(row, extras);
    });
  }
}

function toQuote(row: QuoteRow): ReplyQuote {
  const deleted = row.deleted_at !== null;
  return { id: row.id, seq: row.seq, senderId: row.sender_id, body: deleted ? '' : row.body, deleted };
}

export function toAttachment(row: Omit<AttachmentRow, 'message_id'>): Attachment {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    mime: row.mime,
    scan: row.scan,
    thumbnail: row.thumbnail === 1,
  };
}

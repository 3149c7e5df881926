import type { Database, Statement } from 'better-sqlite3';
import { MESSAGE_COLUMNS, type MessageRow } from './rows';

export interface AroundQuery {
  aroundSeq: number;
  /** Lower bound, exclusive (the reader's window). */
  afterSeq?: number | undefined;
  /** Upper bound, exclusive (the reader's window). */
  beforeSeq?: number | undefined;
  limit: number;
}

/**
 * `message:history` with `aroundSeq`: `limit` messages with that seq in the middle, half
 * older (seq < aroundSeq) and half from it on; near either end of the range the other side
 * fills the page. `more`: older messages exist in the range before the page.
 */
export class AroundSeqPages {
  private readonly older: Statement<[string, number, number, number], MessageRow>;
  private readonly newer: Statement<[string, number, number, number], MessageRow>;

  constructor(db: Database) {
    this.older = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
    );
    this.newer = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = ? AND seq >= ? AND seq < ? ORDER BY seq ASC LIMIT ?`,
    );
  }

  page(conversationId: string, query: AroundQuery): { rows: MessageRow[]; more: boolean } {
    const { aroundSeq, limit } = query;
    const low = query.afterSeq ?? 0;
    const high = query.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const older = this.older.all(conversationId, low, Math.min(aroundSeq, high), limit + 1);
    const newer = this.newer.all(conversationId, Math.max(aroundSeq, low + 1), high, limit);
    const olderCount = Math.min(older.length, Math.max(Math.floor(limit / 2), limit - newer.length));
    const newerCount = Math.min(newer.length, limit - olderCount);
    return {
      rows: [...older.slice(0, olderCount).reverse(), ...newer.slice(0, newerCount)],
      more: older.length > olderCount,
    };
  }
}

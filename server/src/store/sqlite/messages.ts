import { randomUUID } from 'node:crypto';
import type { Message } from '@beacon/protocol';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { type HistoryQuery, type MessageRepository, type NewMessage, NotFoundError } from '../types';
import { isConstraintError } from './errors';
import { MESSAGE_COLUMNS, type MessageRow, toMessage } from './rows';

type AppendResult = { message: Message; created: boolean };
type Page = { messages: Message[]; more: boolean };
type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface QueuedAppend {
  message: NewMessage;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export class SqliteMessageRepository implements MessageRepository {
  private readonly selectByClientId: Statement<[string, string, string], MessageRow>;
  private readonly selectLastSeq: Statement<[string], { last_seq: number }>;
  private readonly insert: Statement<[string, string, number, string, string, string, number]>;
  private readonly advanceLastSeq: Statement<[number, number, string]>;
  private readonly selectNewest: Statement<[string, number], MessageRow>;
  private readonly selectAfter: Statement<[string, number, number], MessageRow>;
  private readonly selectBefore: Statement<[string, number, number], MessageRow>;
  private readonly selectBetween: Statement<[string, number, number, number], MessageRow>;
  private readonly appendInTransaction: Transaction<(message: NewMessage) => AppendResult>;
  private readonly appendBatchInTransaction: Transaction<(batch: readonly QueuedAppend[]) => Outcome[]>;
  /** Appends waiting for the next group commit. */
  private queue: QueuedAppend[] = [];

  constructor(db: Database) {
    this.selectByClientId = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND sender_id = ? AND client_id = ?`,
    );
    this.selectLastSeq = db.prepare('SELECT last_seq FROM conversations WHERE id = ?');
    this.insert = db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, body, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.advanceLastSeq = db.prepare(
      'UPDATE conversations SET last_seq = ?, last_activity_at = max(last_activity_at, ?) WHERE id = ?',
    );
    // Each page reads one more row than asked, to know whether there is more.
    this.selectNewest = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?`,
    );
    this.selectAfter = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?`,
    );
    this.selectBefore = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
    );
    this.selectBetween = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq ASC LIMIT ?`,
    );
    this.appendInTransaction = db.transaction((message: NewMessage) => this.appendNow(message));
    // Inside the batch's transaction each append runs in its own savepoint (a nested
    // transaction), so one that fails is rolled back alone and the others still commit.
    this.appendBatchInTransaction = db.transaction((batch: readonly QueuedAppend[]) =>
      batch.map(({ message }): Outcome => {
        try {
          return { ok: true, result: this.appendInTransaction(message) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /**
   * Rejects with `NotFoundError` when the conversation or the sender does not exist.
   *
   * Group commit: appends requested during one turn of the event loop are committed
   * together, in one transaction and one fsync, right after that turn. Each still
   * resolves only once its write is durable; under load the fsyncs (which block the
   * thread) no longer grow with the message rate.
   */
  append(message: NewMessage): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits every queued append now (the store calls it before closing). */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      // IMMEDIATE takes the write lock before reading last_seq, so no other
      // connection can pick the same seq in between.
      outcomes = this.appendBatchInTransaction.immediate(batch);
    } catch (error) {
      // The commit itself failed (e.g. disk full, lock timeout): nothing of the batch is stored.
      for (const queued of batch) queued.reject(error);
      return;
    }
    for (const [index, queued] of batch.entries()) {
      const outcome = outcomes[index];
      if (outcome?.ok) {
        queued.resolve(outcome.result);
      } else if (isConstraintError(outcome?.error, 'FOREIGNKEY')) {
        queued.reject(new NotFoundError('the sender does not exist'));
      } else {
        queued.reject(outcome?.error);
      }
    }
  }

  async history(conversationId: string, query: HistoryQuery): Promise<Page> {
    const limit = Math.floor(query.limit);
    if (!(limit >= 1)) throw new RangeError(`history limit must be a positive integer, got ${query.limit}`);
    const { beforeSeq, afterSeq } = query;
    if (afterSeq !== undefined && beforeSeq !== undefined) {
      return ascendingPage(this.selectBetween.all(conversationId, afterSeq, beforeSeq, limit + 1), limit);
    }
    if (afterSeq !== undefined) {
      return ascendingPage(this.selectAfter.all(conversationId, afterSeq, limit + 1), limit);
    }
    if (beforeSeq !== undefined) {
      return descendingPage(this.selectBefore.all(conversationId, beforeSeq, limit + 1), limit);
    }
    return descendingPage(this.selectNewest.all(conversationId, limit + 1), limit);
  }

  private appendNow(message: NewMessage): AppendResult {
    const existing = this.selectByClientId.get(message.conversationId, message.senderId, message.clientId);
    if (existing) return { message: toMessage(existing), created: false };
    const conversation = this.selectLastSeq.get(message.conversationId);
    if (!conversation) throw new NotFoundError(`no conversation ${message.conversationId}`);
    const stored: Message = {
      id: randomUUID(),
      conversationId: message.conversationId,
      seq: conversation.last_seq + 1,
      senderId: message.senderId,
      clientId: message.clientId,
      body: message.body,
      sentAt: message.sentAt,
    };
    this.insert.run(
      stored.id,
      stored.conversationId,
      stored.seq,
      stored.senderId,
      stored.clientId,
      stored.body,
      stored.sentAt,
    );
    this.advanceLastSeq.run(stored.seq, stored.sentAt, stored.conversationId);
    return { message: stored, created: true };
  }
}

function ascendingPage(rows: MessageRow[], limit: number): Page {
  return { messages: rows.slice(0, limit).map(toMessage), more: rows.length > limit };
}

function descendingPage(rows: MessageRow[], limit: number): Page {
  return { messages: rows.slice(0, limit).reverse().map(toMessage), more: rows.length > limit };
}

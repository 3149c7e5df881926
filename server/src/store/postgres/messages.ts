import type { Message } from '@beacon/protocol';
import type pg from 'pg';
import {
  type HistoryQuery,
  type MessageChange,
  type MessageDeletion,
  type MessageEdit,
  type MessageRepository,
  type NewMessage,
  NotFoundError,
  type ReactionChange,
} from '../types';
import { PostgresAppendBatches } from './append-batches';
import { PostgresArchiveLog } from './archive-log';
import { PostgresBatchAppender } from './batch-append';
import { isViolation } from './errors';
import { aroundSeqPage } from './history-around';
import { type AppendResult, PostgresMessageAppender } from './message-append';
import { PostgresMessageChanges } from './message-changes';
import { messageById, selectMessages } from './message-reads';
import { inTransaction } from './transaction';

type Page = { messages: Message[]; more: boolean };

/**
 * The message log on PostgreSQL. Every write is committed (and so durable: `synchronous_commit`
 * is on by default) before it resolves: appends in group commits (append-batches.ts), edits,
 * deletes and reactions in a transaction each. Writes to one conversation queue on its row lock,
 * on every node; writes to different conversations run side by side.
 */
export class PostgresMessageRepository implements MessageRepository {
  private readonly appender: PostgresMessageAppender;
  private readonly batches: PostgresAppendBatches;
  private readonly changes: PostgresMessageChanges;

  constructor(private readonly pool: pg.Pool) {
    const archive = new PostgresArchiveLog();
    this.appender = new PostgresMessageAppender(archive);
    this.batches = new PostgresAppendBatches(pool, new PostgresBatchAppender(this.appender, archive));
    this.changes = new PostgresMessageChanges(archive);
  }

  /**
   * Rejects with `NotFoundError` when the conversation or the sender does not exist, with
   * `NotMemberError` unless the sender is a member, and with `MessageRuleError` for a reply or
   * an attachment the rules refuse. Group commit (append-batches.ts): resolves once committed.
   */
  async append(message: NewMessage): Promise<AppendResult> {
    try {
      return await this.appendOnce(message);
    } catch (error) {
      // The unique index on (conversation, sender, clientId) refused a second copy that got past
      // the lock (a writer that does not take it): the stored message is the answer.
      if (isViolation(error, 'unique')) return this.appendOnce(message);
      throw error;
    }
  }

  /** Appends inside the caller's open transaction: the system messages of a membership change. */
  appendWithin(client: pg.PoolClient, message: NewMessage): Promise<AppendResult> {
    return this.appender.appendWithin(client, message);
  }

  edit(edit: MessageEdit): Promise<MessageChange> {
    return inTransaction(this.pool, (client) => this.changes.edit(client, edit));
  }

  delete(deletion: MessageDeletion): Promise<MessageChange> {
    return inTransaction(this.pool, (client) => this.changes.delete(client, deletion));
  }

  async addReaction(change: ReactionChange): Promise<MessageChange> {
    try {
      return await inTransaction(this.pool, (client) => this.changes.addReaction(client, change));
    } catch (error) {
      if (isViolation(error, 'foreignKey')) throw new NotFoundError(`no user ${change.userId}`);
      throw error;
    }
  }

  removeReaction(change: ReactionChange): Promise<MessageChange> {
    return inTransaction(this.pool, (client) => this.changes.removeReaction(client, change));
  }

  /** Waits for every append asked for so far (the store calls it before closing its pool). */
  drain(): Promise<void> {
    return this.batches.drain();
  }

  byId(messageId: string): Promise<Message | null> {
    return messageById(this.pool, messageId);
  }

  async history(conversationId: string, query: HistoryQuery): Promise<Page> {
    const limit = Math.floor(query.limit);
    if (!(limit >= 1)) throw new RangeError(`history limit must be a positive integer, got ${query.limit}`);
    const { beforeSeq, afterSeq } = query;
    if (query.aroundSeq !== undefined) {
      return aroundSeqPage(this.pool, conversationId, { ...query, aroundSeq: query.aroundSeq, limit });
    }
    // Each page reads one more row than asked, to know whether there is more.
    const page = (clauses: string, values: unknown[]) =>
      selectMessages(this.pool, `WHERE m.conversation_id = $1 ${clauses}`, [conversationId, ...values]);
    if (afterSeq !== undefined && beforeSeq !== undefined) {
      return ascending(
        await page('AND m.seq > $2 AND m.seq < $3 ORDER BY m.seq LIMIT $4', [afterSeq, beforeSeq, limit + 1]),
        limit,
      );
    }
    if (afterSeq !== undefined) {
      return ascending(await page('AND m.seq > $2 ORDER BY m.seq LIMIT $3', [afterSeq, limit + 1]), limit);
    }
    if (beforeSeq !== undefined) {
      return descending(
        await page('AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3', [beforeSeq, limit + 1]),
        limit,
      );
    }
    return descending(await page('ORDER BY m.seq DESC LIMIT $2', [limit + 1]), limit);
  }

  private async appendOnce(message: NewMessage): Promise<AppendResult> {
    try {
      return await this.batches.append(message);
    } catch (error) {
      if (isViolation(error, 'foreignKey')) throw new NotFoundError('the sender does not exist');
      throw error;
    }
  }
}

function ascending(messages: Message[], limit: number): Page {
  return { messages: messages.slice(0, limit), more: messages.length > limit };
}

function descending(messages: Message[], limit: number): Page {
  return { messages: messages.slice(0, limit).reverse(), more: messages.length > limit };
}

import { randomUUID } from 'node:crypto';
import type { Message, ReplyQuote } from '@beacon/protocol';
import type { Database, Statement } from 'better-sqlite3';
import { archivedFile } from '../../compliance/entries';
import {
  type HistoryQuery,
  type MessageChange,
  type MessageDeletion,
  type MessageEdit,
  type MessageRepository,
  MessageRuleError,
  type NewMessage,
  NotFoundError,
  type ReactionChange,
} from '../types';
import { ArchiveLog } from './archive';
import { isConstraintError } from './errors';
import type { FileRow } from './files';
import { GroupCommit } from './group-commit';
import { AroundSeqPages } from './history-around';
import type { MemberCache } from './member-cache';
import { SqliteMessageChanges } from './message-changes';
import { MessageHydrator, toAttachment } from './message-hydration';
import { MESSAGE_COLUMNS, type MessageRow } from './rows';
import { SenderMembership } from './sender-membership';
import type { WalSync } from './wal-sync';

type AppendResult = { message: Message; created: boolean; memberIds: string[] };
type Page = { messages: Message[]; more: boolean };

type AttachableFileRow = Pick<
  FileRow,
  'id' | 'uploader_id' | 'name' | 'size' | 'mime' | 'sha256' | 'scan' | 'thumbnail'
>;

type InsertParams = [
  string,
  string,
  number,
  string,
  string,
  string,
  number,
  string,
  string | null,
  string | null,
  string,
];

export class SqliteMessageRepository implements MessageRepository {
  private readonly selectByClientId: Statement<[string, string, string], MessageRow>;
  private readonly selectLastSeq: Statement<[string], { last_seq: number }>;
  private readonly selectReplyTarget: Statement<[string], { conversation_id: string }>;
  private readonly selectFiles: Statement<[string], AttachableFileRow>;
  private readonly insert: Statement<InsertParams>;
  private readonly insertAttachment: Statement<[string, string, number]>;
  private readonly advanceLastSeq: Statement<[number, number, string]>;
  private readonly selectNewest: Statement<[string, number], MessageRow>;
  private readonly selectAfter: Statement<[string, number, number], MessageRow>;
  private readonly selectBefore: Statement<[string, number, number], MessageRow>;
  private readonly selectBetween: Statement<[string, number, number, number], MessageRow>;
  private readonly hydrator: MessageHydrator;
  private readonly around: AroundSeqPages;
  private readonly changes: SqliteMessageChanges;
  private readonly commits: GroupCommit;
  private readonly members: SenderMembership;
  private readonly archive: ArchiveLog;

  /** `wal`: the group commit's fsync runs off the event loop (wal-sync.ts); null: on it. */
  constructor(db: Database, memberCache: MemberCache, wal: WalSync | null = null) {
    this.selectByClientId = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND sender_id = ? AND client_id = ?`,
    );
    this.selectLastSeq = db.prepare('SELECT last_seq FROM conversations WHERE id = ?');
    this.selectReplyTarget = db.prepare('SELECT conversation_id FROM messages WHERE id = ?');
    this.selectFiles = db.prepare(
      `SELECT id, uploader_id, name, size, mime, sha256, scan, thumbnail FROM files
       WHERE id IN (SELECT value FROM json_each(?))`,
    );
    // Version 1 goes to message_versions by trigger (migration 7), whoever appends.
    this.insert = db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, body, sent_at,
         kind, system, reply_to_id, mentions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAttachment = db.prepare(
      'INSERT INTO message_attachments (message_id, file_id, position) VALUES (?, ?, ?)',
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
    this.hydrator = new MessageHydrator(db);
    this.around = new AroundSeqPages(db);
    this.archive = new ArchiveLog(db);
    this.changes = new SqliteMessageChanges(db, this.hydrator, this.archive);
    this.commits = new GroupCommit(db, wal);
    this.members = new SenderMembership(db, memberCache);
  }

  /**
   * Rejects with `NotFoundError` when the conversation or the sender does not exist, and with
   * `MessageRuleError` for a reply or an attachment the rules refuse. Group commit (see
   * group-commit.ts): resolves once durable.
   */
  append(message: NewMessage): Promise<AppendResult> {
    return this.commits
      .run(() => this.appendNow(message))
      .catch((error: unknown) => {
        throw isConstraintError(error, 'FOREIGNKEY') ? new NotFoundError('the sender does not exist') : error;
      });
  }

  /**
   * Appends inside the caller's open transaction, without the group commit: the
   * conversation store writes its system messages with the membership change they announce.
   */
  appendWithin(message: NewMessage): AppendResult {
    return this.appendNow(message);
  }

  edit(edit: MessageEdit): Promise<MessageChange> {
    return this.commits.run(() => this.changes.edit(edit));
  }

  delete(deletion: MessageDeletion): Promise<MessageChange> {
    return this.commits.run(() => this.changes.delete(deletion));
  }

  addReaction(change: ReactionChange): Promise<MessageChange> {
    return this.commits
      .run(() => this.changes.addReaction(change))
      .catch((error: unknown) => {
        throw isConstraintError(error, 'FOREIGNKEY') ? new NotFoundError(`no user ${change.userId}`) : error;
      });
  }

  removeReaction(change: ReactionChange): Promise<MessageChange> {
    return this.commits.run(() => this.changes.removeReaction(change));
  }

  /** Commits every queued write and waits until all are durable (the store calls it before closing). */
  close(): Promise<void> {
    return this.commits.close();
  }

  /**
   * Resolves once every committed write is durable. Between a batch's commit and its fsync
   * (wal-sync.ts) the rows are visible but could still be lost to a power cut: reads that hand
   * messages to clients wait for that fsync, so a client never sees a message that a power cut
   * could take back (and whose seq could then go to another).
   */
  durable(): Promise<void> {
    return this.commits.durable();
  }

  async byId(messageId: string): Promise<Message | null> {
    const message = this.hydrator.byId(messageId);
    await this.commits.durable();
    return message;
  }

  async history(conversationId: string, query: HistoryQuery): Promise<Page> {
    const page = this.page(conversationId, query);
    await this.commits.durable();
    return page;
  }

  private page(conversationId: string, query: HistoryQuery): Page {
    const limit = Math.floor(query.limit);
    if (!(limit >= 1)) throw new RangeError(`history limit must be a positive integer, got ${query.limit}`);
    const { beforeSeq, afterSeq } = query;
    if (query.aroundSeq !== undefined) {
      const page = this.around.page(conversationId, { ...query, aroundSeq: query.aroundSeq, limit });
      return { messages: this.hydrator.toMessages(page.rows), more: page.more };
    }
    if (afterSeq !== undefined && beforeSeq !== undefined) {
      return this.ascendingPage(
        this.selectBetween.all(conversationId, afterSeq, beforeSeq, limit + 1),
        limit,
      );
    }
    if (afterSeq !== undefined) {
      return this.ascendingPage(this.selectAfter.all(conversationId, afterSeq, limit + 1), limit);
    }
    if (beforeSeq !== undefined) {
      return this.descendingPage(this.selectBefore.all(conversationId, beforeSeq, limit + 1), limit);
    }
    return this.descendingPage(this.selectNewest.all(conversationId, limit + 1), limit);
  }

  private appendNow(message: NewMessage): AppendResult {
    const existing = this.selectByClientId.get(message.conversationId, message.senderId, message.clientId);
    if (existing) {
      const [stored] = this.hydrator.toMessages([existing]);
      if (stored)
        return { message: stored, created: false, memberIds: this.members.memberIds(message.conversationId) };
    }
    const conversation = this.selectLastSeq.get(message.conversationId);
    if (!conversation) throw new NotFoundError(`no conversation ${message.conversationId}`);
    this.members.require(message.conversationId, message.senderId);
    const replyToId = message.replyToId ?? null;
    const replyTo = replyToId === null ? null : this.replyQuote(replyToId, message.conversationId);
    const files = this.attachable(message.attachmentIds ?? [], message.senderId);
    const attachments = files.map(toAttachment);
    const stored: Message = {
      id: randomUUID(),
      conversationId: message.conversationId,
      seq: conversation.last_seq + 1,
      senderId: message.senderId,
      clientId: message.clientId,
      body: message.body,
      sentAt: message.sentAt,
      kind: message.kind ?? 'user',
      editedAt: null,
      deletedAt: null,
      replyToId,
      replyTo,
      mentions: [...new Set(message.mentions ?? [])].filter((id) => id !== message.senderId),
      reactions: {},
      attachments,
      system: message.system ?? null,
    };
    this.insert.run(
      stored.id,
      stored.conversationId,
      stored.seq,
      stored.senderId,
      stored.clientId,
      stored.body,
      stored.sentAt,
      stored.kind,
      stored.system === null ? null : JSON.stringify(stored.system),
      replyToId,
      JSON.stringify(stored.mentions),
    );
    attachments.forEach((attachment, position) => {
      this.insertAttachment.run(stored.id, attachment.id, position);
    });
    this.advanceLastSeq.run(stored.seq, stored.sentAt, stored.conversationId);
    const memberIds = this.members.memberIds(stored.conversationId);
    // A system message is the transcript's note of a change the conversation store archives itself.
    if (stored.kind === 'user') this.archiveSent(stored, memberIds, files, message.integrationId ?? null);
    return { message: stored, created: true, memberIds };
  }

  private archiveSent(
    message: Message,
    memberIds: readonly string[],
    files: readonly AttachableFileRow[],
    integrationId: string | null,
  ): void {
    this.archive.append({
      at: message.sentAt,
      conversationId: message.conversationId,
      actor: this.archive.person(message.senderId),
      messageId: message.id,
      payload: {
        kind: 'message.sent',
        seq: message.seq,
        body: message.body,
        replyToId: message.replyToId,
        mentions: message.mentions,
        attachments: files.map(archivedFile),
        recipients: this.archive.people(memberIds.filter((id) => id !== message.senderId)),
        integrationId,
      },
    });
  }

  private replyQuote(replyToId: string, conversationId: string): ReplyQuote {
    const target = this.selectReplyTarget.get(replyToId);
    const quote =
      target?.conversation_id === conversationId ? this.hydrator.quotes([replyToId])[0] : undefined;
    if (!quote) {
      throw new MessageRuleError(
        'reply_elsewhere',
        `replyToId: no message ${replyToId} in this conversation`,
      );
    }
    return quote;
  }

  /** The files, in the given order, if the sender uploaded every one and none is infected. */
  private attachable(fileIds: readonly string[], senderId: string): AttachableFileRow[] {
    if (fileIds.length === 0) return [];
    const files = new Map(this.selectFiles.all(JSON.stringify(fileIds)).map((row) => [row.id, row]));
    return fileIds.map((fileId) => {
      const file = files.get(fileId);
      if (!file || file.uploader_id !== senderId) {
        throw new MessageRuleError(
          'attachment_refused',
          `attachments: you have not uploaded a file ${fileId}`,
        );
      }
      if (file.scan === 'infected') {
        throw new MessageRuleError('attachment_refused', `attachments: “${file.name}” is infected`);
      }
      return file;
    });
  }

  private ascendingPage(rows: MessageRow[], limit: number): Page {
    return { messages: this.hydrator.toMessages(rows.slice(0, limit)), more: rows.length > limit };
  }

  private descendingPage(rows: MessageRow[], limit: number): Page {
    return { messages: this.hydrator.toMessages(rows.slice(0, limit).reverse()), more: rows.length > limit };
  }
}

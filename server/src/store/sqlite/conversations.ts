import { LIMITS, type Message } from '@beacon/protocol';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  type ConversationChange,
  type ConversationChangeResult,
  type ConversationLeave,
  type ConversationRecord,
  type ConversationRepository,
  type MemberConversationRecord,
  type MemberPeriod,
  type NewConversation,
  NotFoundError,
} from '../types';
import { ArchiveLog } from './archive';
import { ConversationChanges, type MessageWriter } from './conversation-changes';
import { ConversationCreation, type CreateResult } from './conversation-create';
import { CONVERSATION_COLUMNS, toConversationRecord } from './conversation-records';
import { isConstraintError } from './errors';
import { FormerConversations, type SortableView } from './former-conversations';
import type { MemberCache } from './member-cache';
import { MemberPeriods } from './member-periods';
import { MessageHydrator } from './message-hydration';
import { type ConversationRow, MESSAGE_COLUMNS, type MessageRow } from './rows';

interface MemberConversationRow extends ConversationRow {
  read_seq: number;
  unread: number;
  /** JSON array of seqs, newest first. */
  mention_seqs: string;
  sort_at: number;
}

interface MemberRow {
  conversation_id: string;
  user_id: string;
}

/**
 * Unread = people's messages after the member's read position sent by someone else. System
 * notes ("Alice added Bob") never count: users expect a badge for what someone wrote to them.
 * The unread ones that mention the member (not deleted) give the mention badge, also for
 * conversations the client has not loaded; both walk only the unread tail (the seq index).
 */
const MEMBER_CONVERSATION_SELECT = `
  SELECT ${CONVERSATION_COLUMNS}, m.read_seq, c.last_activity_at AS sort_at,
    (SELECT count(*) FROM messages msg
      WHERE msg.conversation_id = c.id AND msg.seq > m.read_seq AND msg.sender_id <> m.user_id
        AND msg.kind = 'user') AS unread,
    (SELECT json_group_array(seq) FROM (
      SELECT msg.seq FROM messages msg
      WHERE msg.conversation_id = c.id AND msg.seq > m.read_seq AND msg.sender_id <> m.user_id
        AND msg.kind = 'user' AND msg.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM json_each(msg.mentions) mention WHERE mention.value = m.user_id)
      ORDER BY msg.seq DESC LIMIT ${LIMITS.unreadMentionSeqsMax})) AS mention_seqs
  FROM conversation_members m
  JOIN conversations c ON c.id = m.conversation_id`;

/** A direct conversation someone else opened shows once it has a message (or the member opened it too). */
const LISTED = '(m.listed = 1 OR c.last_seq > 0)';

export class SqliteConversationRepository implements ConversationRepository {
  private readonly periodsTable: MemberPeriods;
  private readonly hydrator: MessageHydrator;
  private readonly changes: ConversationChanges;
  private readonly creation: ConversationCreation;
  private readonly former: FormerConversations;
  private readonly updateInTransaction: Transaction<(change: ConversationChange) => ConversationChangeResult>;
  private readonly leaveInTransaction: Transaction<(leave: ConversationLeave) => ConversationChangeResult>;
  private readonly selectById: Statement<[string], ConversationRow>;
  private readonly selectForMember: Statement<[string], MemberConversationRow>;
  private readonly selectOneForMember: Statement<[string, string], MemberConversationRow>;
  private readonly selectMembersOfMemberConversations: Statement<[string], MemberRow>;
  private readonly selectLastMessagesForMember: Statement<[string], MessageRow>;
  private readonly selectLastMessage: Statement<[string], MessageRow>;
  private readonly raiseReadSeq: Statement<[number, string, string], { read_seq: number }>;
  private readonly lowerReadSeqStatement: Statement<[number, string, string, number], { read_seq: number }>;
  private readonly selectReadSeqs: Statement<[string], { user_id: string; read_seq: number }>;
  private readonly createInTransaction: Transaction<(conversation: NewConversation) => CreateResult>;

  constructor(
    db: Database,
    private readonly writer: MessageWriter,
    private readonly members: MemberCache,
  ) {
    this.periodsTable = new MemberPeriods(db);
    this.hydrator = new MessageHydrator(db);
    const archive = new ArchiveLog(db);
    this.changes = new ConversationChanges(db, this.periodsTable, writer, archive, members);
    const memberIdsOf = (conversationId: string) => this.memberIdsOf(conversationId);
    this.creation = new ConversationCreation(db, this.periodsTable, this.changes, members, archive);
    this.former = new FormerConversations(db, this.hydrator, memberIdsOf);
    this.selectById = db.prepare(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?`);
    this.selectForMember = db.prepare(
      `${MEMBER_CONVERSATION_SELECT}
       WHERE m.user_id = ? AND ${LISTED}
       ORDER BY c.last_activity_at DESC, c.created_at DESC, c.id`,
    );
    this.selectOneForMember = db.prepare(`${MEMBER_CONVERSATION_SELECT} WHERE c.id = ? AND m.user_id = ?`);
    this.selectMembersOfMemberConversations = db.prepare(
      `SELECT other.conversation_id, other.user_id
       FROM conversation_members mine
       JOIN conversation_members other ON other.conversation_id = mine.conversation_id
       WHERE mine.user_id = ?
       ORDER BY other.conversation_id, other.position`,
    );
    this.selectLastMessagesForMember = db.prepare(
      `SELECT ${prefixed('msg', MESSAGE_COLUMNS)}
       FROM conversation_members m
       JOIN conversations c ON c.id = m.conversation_id
       JOIN messages msg ON msg.conversation_id = c.id AND msg.seq = c.last_seq
       WHERE m.user_id = ?`,
    );
    this.selectLastMessage = db.prepare(
      `SELECT ${prefixed('msg', MESSAGE_COLUMNS)}
       FROM conversations c
       JOIN messages msg ON msg.conversation_id = c.id AND msg.seq = c.last_seq
       WHERE c.id = ?`,
    );
    this.raiseReadSeq = db.prepare(
      `UPDATE conversation_members
       SET read_seq = max(read_seq, min(?, (SELECT last_seq FROM conversations WHERE id = conversation_id)))
       WHERE conversation_id = ? AND user_id = ?
       RETURNING read_seq`,
    );
    // SET reads the old values: seen_seq keeps the position from before the lowering.
    this.lowerReadSeqStatement = db.prepare(
      `UPDATE conversation_members
       SET seen_seq = max(seen_seq, read_seq), read_seq = ?
       WHERE conversation_id = ? AND user_id = ? AND read_seq > ?
       RETURNING read_seq`,
    );
    // What the members see of each other ("Seen"): never moved back by "mark as unread".
    this.selectReadSeqs = db.prepare(
      `SELECT user_id, max(read_seq, seen_seq) AS read_seq FROM conversation_members
       WHERE conversation_id = ? ORDER BY position`,
    );
    this.createInTransaction = db.transaction((conversation: NewConversation) =>
      this.creation.create(conversation),
    );
    this.updateInTransaction = db.transaction((change: ConversationChange) => this.changes.update(change));
    this.leaveInTransaction = db.transaction((leave: ConversationLeave) => this.changes.leave(leave));
  }

  async create(conversation: NewConversation): Promise<CreateResult> {
    // IMMEDIATE: the direct-pair lookup and the insert happen under one write lock.
    return this.withMembersThatExist(() => this.createInTransaction.immediate(conversation));
  }

  async byId(id: string): Promise<ConversationRecord | null> {
    const row = this.selectById.get(id);
    return row ? toConversationRecord(row, this.memberIdsOf(id)) : null;
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    return this.members.isMember(conversationId, userId);
  }

  /**
   * Three queries whatever the number of conversations: rows with unread counts, members, last
   * messages; then the few conversations the user left, a query or two each.
   */
  async listForMember(userId: string): Promise<MemberConversationRecord[]> {
    const current = this.currentForMember(userId);
    const former = this.former.listFor(userId);
    // Their last messages are handed to the client: only once durable (messages.ts, `durable`).
    await this.writer.durable();
    if (former.length === 0) return current.map(({ record }) => record);
    return [...current, ...former]
      .sort(
        (a, b) =>
          b.sortAt - a.sortAt ||
          b.record.createdAt - a.record.createdAt ||
          a.record.id.localeCompare(b.record.id),
      )
      .map(({ record }) => record);
  }

  async forViewer(conversationId: string, userId: string): Promise<MemberConversationRecord | null> {
    const current = await this.forMember(conversationId, userId);
    if (current) return current;
    const former = this.former.one(conversationId, userId);
    await this.writer.durable();
    return former;
  }

  async update(change: ConversationChange): Promise<ConversationChangeResult> {
    try {
      return this.withMembersThatExist(() => this.updateInTransaction.immediate(change));
    } finally {
      // Also after a rollback: the transaction may have cached members it then did not commit.
      this.members.forget(change.conversationId);
    }
  }

  async leave(leave: ConversationLeave): Promise<ConversationChangeResult> {
    try {
      return this.leaveInTransaction.immediate(leave);
    } finally {
      this.members.forget(leave.conversationId);
    }
  }

  async periods(conversationId: string, userId: string): Promise<MemberPeriod[]> {
    return this.periodsTable.of(conversationId, userId);
  }

  async hide(conversationId: string, userId: string): Promise<boolean> {
    return this.former.hide(conversationId, userId);
  }

  private currentForMember(userId: string): SortableView[] {
    const rows = this.selectForMember.all(userId);
    if (rows.length === 0) return [];
    const members = new Map<string, string[]>();
    for (const row of this.selectMembersOfMemberConversations.all(userId)) {
      const list = members.get(row.conversation_id);
      if (list) list.push(row.user_id);
      else members.set(row.conversation_id, [row.user_id]);
    }
    const lastMessages = new Map<string, Message>(
      this.hydrator
        .toMessages(this.selectLastMessagesForMember.all(userId))
        .map((message) => [message.conversationId, message]),
    );
    return rows.map((row) => ({
      record: this.toMemberRecord(row, members.get(row.id) ?? [], lastMessages.get(row.id) ?? null),
      sortAt: row.sort_at,
    }));
  }

  private oneMessage(row: MessageRow): Message | null {
    return this.hydrator.toMessages([row])[0] ?? null;
  }

  private withMembersThatExist<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (isConstraintError(error, 'FOREIGNKEY'))
        throw new NotFoundError('a member of the conversation does not exist');
      throw error;
    }
  }

  async forMember(conversationId: string, userId: string): Promise<MemberConversationRecord | null> {
    const row = this.selectOneForMember.get(conversationId, userId);
    if (!row) return null;
    const lastMessage = this.selectLastMessage.get(conversationId);
    const record = this.toMemberRecord(
      row,
      this.memberIdsOf(conversationId),
      lastMessage ? this.oneMessage(lastMessage) : null,
    );
    await this.writer.durable();
    return record;
  }

  /** Rejects with `NotFoundError` when the user is not a member. */
  async markRead(conversationId: string, userId: string, seq: number): Promise<number> {
    const row = this.raiseReadSeq.get(Math.max(0, Math.floor(seq)), conversationId, userId);
    if (!row) throw new NotFoundError('not a member of this conversation');
    return row.read_seq;
  }

  async lowerReadSeq(conversationId: string, userId: string, seq: number): Promise<boolean> {
    const target = Math.max(0, Math.floor(seq));
    return this.lowerReadSeqStatement.get(target, conversationId, userId, target) !== undefined;
  }

  async readSeqs(conversationId: string): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const row of this.selectReadSeqs.all(conversationId)) result[row.user_id] = row.read_seq;
    return result;
  }

  private memberIdsOf(conversationId: string): string[] {
    return this.members.memberIds(conversationId);
  }

  private toMemberRecord(
    row: MemberConversationRow,
    memberIds: string[],
    lastMessage: Message | null,
  ): MemberConversationRecord {
    return {
      ...toConversationRecord(row, memberIds),
      readSeq: row.read_seq,
      unread: row.unread,
      unreadMentionSeqs: (JSON.parse(row.mention_seqs) as number[]).reverse(),
      lastMessage,
    };
  }
}

function prefixed(alias: string, columns: string): string {
  return columns
    .split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');
}

import { randomUUID } from 'node:crypto';
import type { Message } from '@beacon/protocol';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  type ConversationRecord,
  type ConversationRepository,
  type MemberConversationRecord,
  type NewConversation,
  NotFoundError,
} from '../types';
import { isConstraintError } from './errors';
import {
  type ConversationRow,
  MESSAGE_COLUMNS,
  type MessageRow,
  toConversationKind,
  toMessage,
} from './rows';

interface MemberConversationRow extends ConversationRow {
  read_seq: number;
  unread: number;
}

interface MemberRow {
  conversation_id: string;
  user_id: string;
}

type CreateResult = { conversation: ConversationRecord; created: boolean };

const CONVERSATION_COLUMNS = 'c.id, c.kind, c.title, c.last_seq, c.created_at';

/** Unread = messages after the member's read position sent by someone else. */
const MEMBER_CONVERSATION_SELECT = `
  SELECT ${CONVERSATION_COLUMNS}, m.read_seq,
    (SELECT count(*) FROM messages msg
      WHERE msg.conversation_id = c.id AND msg.seq > m.read_seq AND msg.sender_id <> m.user_id) AS unread
  FROM conversation_members m
  JOIN conversations c ON c.id = m.conversation_id`;

export class SqliteConversationRepository implements ConversationRepository {
  private readonly insertConversation: Statement<
    [string, string, string | null, string | null, number, number]
  >;
  private readonly insertMember: Statement<[string, string, number]>;
  private readonly selectByDirectKey: Statement<[string], { id: string }>;
  private readonly selectById: Statement<[string], ConversationRow>;
  private readonly selectMemberIds: Statement<[string], { user_id: string }>;
  private readonly selectMembership: Statement<[string, string], { found: number }>;
  private readonly selectForMember: Statement<[string], MemberConversationRow>;
  private readonly selectOneForMember: Statement<[string, string], MemberConversationRow>;
  private readonly selectMembersOfMemberConversations: Statement<[string], MemberRow>;
  private readonly selectLastMessagesForMember: Statement<[string], MessageRow>;
  private readonly selectLastMessage: Statement<[string], MessageRow>;
  private readonly raiseReadSeq: Statement<[number, string, string], { read_seq: number }>;
  private readonly selectReadSeqs: Statement<[string], { user_id: string; read_seq: number }>;
  private readonly createInTransaction: Transaction<(conversation: NewConversation) => CreateResult>;

  constructor(db: Database) {
    this.insertConversation = db.prepare(
      `INSERT INTO conversations (id, kind, title, direct_key, last_activity_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.insertMember = db.prepare(
      'INSERT INTO conversation_members (conversation_id, user_id, position) VALUES (?, ?, ?)',
    );
    this.selectByDirectKey = db.prepare('SELECT id FROM conversations WHERE direct_key = ?');
    this.selectById = db.prepare(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?`);
    this.selectMemberIds = db.prepare(
      'SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY position',
    );
    this.selectMembership = db.prepare(
      'SELECT 1 AS found FROM conversation_members WHERE conversation_id = ? AND user_id = ?',
    );
    this.selectForMember = db.prepare(
      `${MEMBER_CONVERSATION_SELECT}
       WHERE m.user_id = ?
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
    this.selectReadSeqs = db.prepare(
      'SELECT user_id, read_seq FROM conversation_members WHERE conversation_id = ? ORDER BY position',
    );
    this.createInTransaction = db.transaction((conversation: NewConversation) =>
      this.createNow(conversation),
    );
  }

  async create(conversation: NewConversation): Promise<CreateResult> {
    try {
      // IMMEDIATE: the direct-pair lookup and the insert happen under one write lock.
      return this.createInTransaction.immediate(conversation);
    } catch (error) {
      if (isConstraintError(error, 'FOREIGNKEY'))
        throw new NotFoundError('a member of the conversation does not exist');
      throw error;
    }
  }

  async byId(id: string): Promise<ConversationRecord | null> {
    const row = this.selectById.get(id);
    return row ? this.toRecord(row, this.memberIdsOf(id)) : null;
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    return this.selectMembership.get(conversationId, userId) !== undefined;
  }

  /** Three queries whatever the number of conversations: rows with unread counts, members, last messages. */
  async listForMember(userId: string): Promise<MemberConversationRecord[]> {
    const rows = this.selectForMember.all(userId);
    if (rows.length === 0) return [];
    const members = new Map<string, string[]>();
    for (const row of this.selectMembersOfMemberConversations.all(userId)) {
      const list = members.get(row.conversation_id);
      if (list) list.push(row.user_id);
      else members.set(row.conversation_id, [row.user_id]);
    }
    const lastMessages = new Map<string, Message>(
      this.selectLastMessagesForMember.all(userId).map((row) => [row.conversation_id, toMessage(row)]),
    );
    return rows.map((row) =>
      this.toMemberRecord(row, members.get(row.id) ?? [], lastMessages.get(row.id) ?? null),
    );
  }

  async forMember(conversationId: string, userId: string): Promise<MemberConversationRecord | null> {
    const row = this.selectOneForMember.get(conversationId, userId);
    if (!row) return null;
    const lastMessage = this.selectLastMessage.get(conversationId);
    return this.toMemberRecord(
      row,
      this.memberIdsOf(conversationId),
      lastMessage ? toMessage(lastMessage) : null,
    );
  }

  /** Rejects with `NotFoundError` when the user is not a member. */
  async markRead(conversationId: string, userId: string, seq: number): Promise<number> {
    const row = this.raiseReadSeq.get(Math.max(0, Math.floor(seq)), conversationId, userId);
    if (!row) throw new NotFoundError('not a member of this conversation');
    return row.read_seq;
  }

  async readSeqs(conversationId: string): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const row of this.selectReadSeqs.all(conversationId)) result[row.user_id] = row.read_seq;
    return result;
  }

  private createNow(conversation: NewConversation): CreateResult {
    const memberIds = [...new Set(conversation.memberIds)];
    if (memberIds.length === 0) throw new RangeError('a conversation needs at least one member');
    let directKey: string | null = null;
    if (conversation.kind === 'direct') {
      if (memberIds.length > 2) throw new RangeError('a direct conversation has at most two members');
      directKey = [...memberIds].sort().join(' ');
      const existing = this.selectByDirectKey.get(directKey);
      if (existing) {
        const found = this.selectById.get(existing.id);
        if (found)
          return { conversation: this.toRecord(found, this.memberIdsOf(existing.id)), created: false };
      }
    }
    const id = randomUUID();
    const title = conversation.kind === 'direct' ? null : conversation.title;
    this.insertConversation.run(
      id,
      conversation.kind,
      title,
      directKey,
      conversation.createdAt,
      conversation.createdAt,
    );
    memberIds.forEach((userId, position) => {
      this.insertMember.run(id, userId, position);
    });
    return {
      conversation: {
        id,
        kind: conversation.kind,
        title,
        memberIds,
        lastSeq: 0,
        createdAt: conversation.createdAt,
      },
      created: true,
    };
  }

  private memberIdsOf(conversationId: string): string[] {
    return this.selectMemberIds.all(conversationId).map((row) => row.user_id);
  }

  private toRecord(row: ConversationRow, memberIds: string[]): ConversationRecord {
    return {
      id: row.id,
      kind: toConversationKind(row.kind),
      title: row.title,
      memberIds,
      lastSeq: row.last_seq,
      createdAt: row.created_at,
    };
  }

  private toMemberRecord(
    row: MemberConversationRow,
    memberIds: string[],
    lastMessage: Message | null,
  ): MemberConversationRecord {
    return { ...this.toRecord(row, memberIds), readSeq: row.read_seq, unread: row.unread, lastMessage };
  }
}

function prefixed(alias: string, columns: string): string {
  return columns
    .split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');
}

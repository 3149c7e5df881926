import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ConversationRecord, NewConversation } from '../types';
import type { ArchiveLog } from './archive';
import type { ConversationChanges } from './conversation-changes';
import { CONVERSATION_COLUMNS, toConversationRecord } from './conversation-records';
import type { MemberCache } from './member-cache';
import type { MemberPeriods } from './member-periods';
import type { ConversationRow } from './rows';

export type CreateResult = { conversation: ConversationRecord; created: boolean };

/**
 * Creating a conversation, inside the caller's transaction: a direct one once per pair, its
 * members (with their member periods from seq 1) and a group's `created` message.
 */
export class ConversationCreation {
  private readonly insertConversation: Statement<
    [string, string, string | null, string | null, number, number]
  >;
  private readonly insertMember: Statement<[string, string, number, number]>;
  private readonly markListed: Statement<[string, string]>;
  private readonly selectByDirectKey: Statement<[string], { id: string }>;
  private readonly selectById: Statement<[string], ConversationRow>;

  constructor(
    db: Database,
    private readonly periods: MemberPeriods,
    private readonly changes: ConversationChanges,
    private readonly members: MemberCache,
    private readonly archive: ArchiveLog,
  ) {
    this.insertConversation = db.prepare(
      `INSERT INTO conversations (id, kind, title, direct_key, last_activity_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.insertMember = db.prepare(
      'INSERT INTO conversation_members (conversation_id, user_id, position, listed) VALUES (?, ?, ?, ?)',
    );
    this.markListed = db.prepare(
      'UPDATE conversation_members SET listed = 1 WHERE conversation_id = ? AND user_id = ?',
    );
    this.selectByDirectKey = db.prepare('SELECT id FROM conversations WHERE direct_key = ?');
    this.selectById = db.prepare(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?`);
  }

  create(conversation: NewConversation): CreateResult {
    const memberIds = [...new Set(conversation.memberIds)];
    if (memberIds.length === 0) throw new RangeError('a conversation needs at least one member');
    let directKey: string | null = null;
    if (conversation.kind === 'direct') {
      if (memberIds.length > 2) throw new RangeError('a direct conversation has at most two members');
      directKey = [...memberIds].sort().join(' ');
      const existing = this.selectByDirectKey.get(directKey);
      if (existing) {
        // Opening it is asking to see it, also when the other member opened it first.
        if (conversation.creatorId) this.markListed.run(existing.id, conversation.creatorId);
        const found = this.selectById.get(existing.id);
        if (found)
          return {
            conversation: toConversationRecord(found, this.members.memberIds(existing.id)),
            created: false,
          };
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
    // Without a known opener (v1 callers of the port) everybody sees it at once, as before.
    const { creatorId } = conversation;
    memberIds.forEach((userId, position) => {
      const listed = conversation.kind === 'group' || !creatorId || creatorId === userId;
      this.insertMember.run(id, userId, position, listed ? 1 : 0);
      this.periods.open(id, userId, 1);
    });
    this.members.forget(id);
    // The chain's first entry: who was in it from the start (read back from the rows just written).
    this.archive.append({
      at: conversation.createdAt,
      conversationId: id,
      actor: creatorId ? this.archive.person(creatorId) : null,
      messageId: null,
      payload: {
        kind: 'conversation.created',
        conversationKind: conversation.kind,
        title: title ?? '',
        members: this.archive.members(id),
      },
    });
    let lastSeq = 0;
    if (conversation.kind === 'group' && creatorId && conversation.describe) {
      const created = this.changes.announceCreated(
        id,
        { action: 'created', actorId: creatorId, userIds: memberIds.filter((m) => m !== creatorId), title },
        conversation.createdAt,
        conversation.describe,
      );
      lastSeq = created.seq;
    }
    return {
      conversation: {
        id,
        kind: conversation.kind,
        title,
        memberIds,
        lastSeq,
        createdAt: conversation.createdAt,
      },
      created: true,
    };
  }
}

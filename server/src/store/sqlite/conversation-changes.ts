import { randomUUID } from 'node:crypto';
import type { Message } from '@beacon/protocol';
import type { Database, Statement } from 'better-sqlite3';
import type { ArchivePayload } from '../../compliance/entries';
import {
  type ConversationChange,
  ConversationChangeError,
  type ConversationChangeResult,
  type ConversationLeave,
  type DescribeSystemEvent,
  type NewMessage,
  type SystemEvent,
} from '../types';
import type { ArchiveLog } from './archive';
import type { MemberCache } from './member-cache';
import type { MemberPeriods } from './member-periods';
import { type ConversationRow, toConversationKind } from './rows';

/** Appends a message inside the caller's transaction (the message repository's append path). */
export interface MessageWriter {
  appendWithin(message: NewMessage): { message: Message; created: boolean };
  /** Resolves once every committed message is durable (see the message repository). */
  durable(): Promise<void>;
}

/**
 * Group changes (rename, add, remove, leave), each in the caller's transaction with the
 * system messages that announce it, the member periods they open or close and its archive entry.
 */
export class ConversationChanges {
  private readonly selectConversation: Statement<[string], ConversationRow>;
  private readonly selectMemberIds: Statement<[string], { user_id: string }>;
  private readonly selectNextPosition: Statement<[string], { next: number }>;
  private readonly insertMember: Statement<[string, string, number, number]>;
  private readonly deleteMember: Statement<[string, string]>;
  private readonly upsertFormer: Statement<[string, string]>;
  private readonly deleteFormer: Statement<[string, string]>;
  private readonly updateTitle: Statement<[string | null, string]>;

  constructor(
    db: Database,
    private readonly periods: MemberPeriods,
    private readonly writer: MessageWriter,
    private readonly archive: ArchiveLog,
    private readonly memberCache: MemberCache,
  ) {
    this.selectConversation = db.prepare(
      'SELECT id, kind, title, last_seq, created_at FROM conversations WHERE id = ?',
    );
    this.selectMemberIds = db.prepare(
      'SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY position',
    );
    this.selectNextPosition = db.prepare(
      'SELECT coalesce(max(position), -1) + 1 AS next FROM conversation_members WHERE conversation_id = ?',
    );
    this.insertMember = db.prepare(
      `INSERT INTO conversation_members (conversation_id, user_id, position, read_seq, listed)
       VALUES (?, ?, ?, ?, 1)`,
    );
    this.deleteMember = db.prepare(
      'DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?',
    );
    this.upsertFormer = db.prepare(
      `INSERT INTO former_members (conversation_id, user_id, hidden) VALUES (?, ?, 0)
       ON CONFLICT (conversation_id, user_id) DO UPDATE SET hidden = 0`,
    );
    this.deleteFormer = db.prepare('DELETE FROM former_members WHERE conversation_id = ? AND user_id = ?');
    this.updateTitle = db.prepare('UPDATE conversations SET title = ? WHERE id = ?');
  }

  /** A new group's `created` message (seq 1), written with the group itself. */
  announceCreated(conversationId: string, event: SystemEvent, at: number, describe: DescribeSystemEvent) {
    return this.announce(conversationId, event, at, describe);
  }

  update(change: ConversationChange): ConversationChangeResult {
    const { conversationId, actorId, at, describe } = change;
    const { row, memberIds } = this.requireGroupMember(conversationId, actorId);
    const messages: Message[] = [];

    if (change.title !== undefined) {
      const title = change.title?.trim() || null;
      if (title !== row.title) {
        messages.push(
          this.announce(conversationId, { action: 'renamed', actorId, userIds: [], title }, at, describe),
        );
        this.updateTitle.run(title, conversationId);
      }
    }

    const members = new Set(memberIds);
    const addedIds = [...new Set(change.addMemberIds ?? [])].filter((id) => !members.has(id));
    const removedIds = [...new Set(change.removeMemberIds ?? [])].filter(
      (id) => members.has(id) && !addedIds.includes(id),
    );
    if (members.size + addedIds.length - removedIds.length > change.maxMembers) {
      throw new ConversationChangeError(
        'too_many_members',
        `a group has at most ${change.maxMembers} members`,
      );
    }
    if (addedIds.length > 0) {
      const added = this.announce(
        conversationId,
        { action: 'added', actorId, userIds: addedIds, title: null },
        at,
        describe,
      );
      messages.push(added);
      let position = this.selectNextPosition.get(conversationId)?.next ?? 0;
      for (const userId of addedIds) {
        this.deleteFormer.run(conversationId, userId);
        // The announcement is their first unread message; nothing before it is theirs to read.
        this.insertMember.run(conversationId, userId, position++, added.seq - 1);
        this.memberCache.forget(conversationId);
        this.periods.open(conversationId, userId, added.seq);
      }
    }
    if (removedIds.length > 0) {
      const removed = this.announce(
        conversationId,
        { action: 'removed', actorId, userIds: removedIds, title: null },
        at,
        describe,
      );
      messages.push(removed);
      for (const userId of removedIds) this.depart(conversationId, userId, removed.seq);
    }
    return { conversation: this.recordOf(conversationId), messages, addedIds, removedIds };
  }

  leave({ conversationId, userId, at, describe }: ConversationLeave): ConversationChangeResult {
    this.requireGroupMember(conversationId, userId);
    const left = this.announce(
      conversationId,
      { action: 'left', actorId: userId, userIds: [userId], title: null },
      at,
      describe,
    );
    this.depart(conversationId, userId, left.seq);
    return {
      conversation: this.recordOf(conversationId),
      messages: [left],
      addedIds: [],
      removedIds: [userId],
    };
  }

  private depart(conversationId: string, userId: string, seq: number): void {
    this.periods.closeAt(conversationId, userId, seq);
    this.deleteMember.run(conversationId, userId);
    this.memberCache.forget(conversationId);
    this.upsertFormer.run(conversationId, userId);
  }

  private requireGroupMember(conversationId: string, userId: string) {
    const row = this.selectConversation.get(conversationId);
    if (!row) throw new ConversationChangeError('not_found', `no conversation ${conversationId}`);
    const memberIds = this.memberIdsOf(conversationId);
    if (!memberIds.includes(userId)) {
      throw new ConversationChangeError('not_member', 'you are not a member of this conversation');
    }
    if (toConversationKind(row.kind) === 'direct') {
      throw new ConversationChangeError('direct', "a direct conversation's members and title cannot change");
    }
    return { row, memberIds };
  }

  private announce(
    conversationId: string,
    event: SystemEvent,
    at: number,
    describe: DescribeSystemEvent,
  ): Message {
    const { message } = this.writer.appendWithin({
      conversationId,
      senderId: event.actorId,
      clientId: `system:${randomUUID()}`,
      body: describe(event),
      sentAt: at,
      kind: 'system',
      system: event,
    });
    const payload = this.archivePayload(event);
    if (payload) {
      this.archive.append({
        at,
        conversationId,
        actor: this.archive.person(event.actorId),
        messageId: message.id,
        payload,
      });
    }
    return message;
  }

  /** What the archive keeps of a change (a group's creation is archived with the group, for both kinds). */
  private archivePayload(event: SystemEvent): ArchivePayload | null {
    switch (event.action) {
      case 'created':
        return null;
      case 'renamed':
        return { kind: 'conversation.renamed', title: event.title ?? '' };
      case 'added':
        return { kind: 'members.added', members: this.archive.people(event.userIds) };
      case 'removed':
        return { kind: 'members.removed', members: this.archive.people(event.userIds) };
      case 'left':
        return { kind: 'member.left' };
    }
  }

  private memberIdsOf(conversationId: string): string[] {
    return this.selectMemberIds.all(conversationId).map((row) => row.user_id);
  }

  private recordOf(conversationId: string) {
    const row = this.selectConversation.get(conversationId);
    if (!row) throw new ConversationChangeError('not_found', `no conversation ${conversationId}`);
    return {
      id: row.id,
      kind: toConversationKind(row.kind),
      title: row.title,
      memberIds: this.memberIdsOf(conversationId),
      lastSeq: row.last_seq,
      createdAt: row.created_at,
    };
  }
}

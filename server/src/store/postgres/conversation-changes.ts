import { randomUUID } from 'node:crypto';
import type { Message } from '@beacon/protocol';
import type pg from 'pg';
import type { ArchivePayload } from '../../compliance/entries';
import { toConversationRecord } from '../sqlite/conversation-records';
import { toConversationKind } from '../sqlite/rows';
import {
  type ConversationChange,
  ConversationChangeError,
  type ConversationChangeResult,
  type ConversationLeave,
  type ConversationRecord,
  type DescribeSystemEvent,
  type NewMessage,
  type SystemEvent,
} from '../types';
import type { PostgresArchiveLog } from './archive-log';
import { lockConversation } from './conversation-lock';
import { closePeriods, memberIdsOf, openPeriods } from './member-periods';
import type { AppendResult } from './message-append';
import { assertStorableText } from './stored-text';

/** Appends a message inside the caller's transaction (the message repository's append path). */
export type AppendWithin = (client: pg.PoolClient, message: NewMessage) => Promise<AppendResult>;

/**
 * Group changes (rename, add, remove, leave), each in the caller's transaction with the system
 * messages that announce it, the member periods they open or close and its archive entries,
 * under the conversation's row lock from the first read on: a send racing a removal is
 * either before it (and for the members before it) or refused.
 */
export class PostgresConversationChanges {
  constructor(
    private readonly appendWithin: AppendWithin,
    private readonly archive: PostgresArchiveLog,
  ) {}

  /** A new group's `created` message (seq 1), written with the group itself. */
  announceCreated(
    client: pg.PoolClient,
    conversationId: string,
    event: SystemEvent,
    at: number,
    describe: DescribeSystemEvent,
  ): Promise<Message> {
    return this.announce(client, conversationId, event, at, describe);
  }

  async update(client: pg.PoolClient, change: ConversationChange): Promise<ConversationChangeResult> {
    const { conversationId, actorId, at, describe } = change;
    const { title: currentTitle, memberIds } = await this.requireGroupMember(client, conversationId, actorId);
    const messages: Message[] = [];

    if (change.title !== undefined) {
      const title = change.title?.trim() || null;
      assertStorableText('title', title);
      if (title !== currentTitle) {
        messages.push(
          await this.announce(
            client,
            conversationId,
            { action: 'renamed', actorId, userIds: [], title },
            at,
            describe,
          ),
        );
        await client.query('UPDATE conversations SET title = $1 WHERE id = $2', [title, conversationId]);
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
      const added = await this.announce(
        client,
        conversationId,
        { action: 'added', actorId, userIds: addedIds, title: null },
        at,
        describe,
      );
      messages.push(added);
      await client.query(
        'DELETE FROM former_members WHERE conversation_id = $1 AND user_id = ANY($2::text[])',
        [conversationId, addedIds],
      );
      // After the last position; the announcement is their first unread message, and nothing
      // before it is theirs to read.
      await client.query(
        `INSERT INTO conversation_members (conversation_id, user_id, position, read_seq, listed)
         SELECT $1, user_id,
           (SELECT coalesce(max(position), -1) FROM conversation_members WHERE conversation_id = $1) + ordinal,
           $3, true
         FROM unnest($2::text[]) WITH ORDINALITY AS a (user_id, ordinal)`,
        [conversationId, addedIds, added.seq - 1],
      );
      await openPeriods(client, conversationId, addedIds, added.seq);
    }
    if (removedIds.length > 0) {
      const removed = await this.announce(
        client,
        conversationId,
        { action: 'removed', actorId, userIds: removedIds, title: null },
        at,
        describe,
      );
      messages.push(removed);
      await this.depart(client, conversationId, removedIds, removed.seq);
    }
    return { conversation: await this.recordOf(client, conversationId), messages, addedIds, removedIds };
  }

  async leave(client: pg.PoolClient, leave: ConversationLeave): Promise<ConversationChangeResult> {
    const { conversationId, userId, at, describe } = leave;
    await this.requireGroupMember(client, conversationId, userId);
    const left = await this.announce(
      client,
      conversationId,
      { action: 'left', actorId: userId, userIds: [userId], title: null },
      at,
      describe,
    );
    await this.depart(client, conversationId, [userId], left.seq);
    return {
      conversation: await this.recordOf(client, conversationId),
      messages: [left],
      addedIds: [],
      removedIds: [userId],
    };
  }

  private async depart(
    client: pg.PoolClient,
    conversationId: string,
    userIds: readonly string[],
    seq: number,
  ) {
    await closePeriods(client, conversationId, userIds, seq);
    await client.query(
      'DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = ANY($2::text[])',
      [conversationId, userIds],
    );
    await client.query(
      `INSERT INTO former_members (conversation_id, user_id, hidden)
       SELECT $1, user_id, false FROM unnest($2::text[]) AS u (user_id)
       ON CONFLICT (conversation_id, user_id) DO UPDATE SET hidden = false`,
      [conversationId, userIds],
    );
  }

  private async requireGroupMember(client: pg.PoolClient, conversationId: string, userId: string) {
    const row = await lockConversation(client, conversationId);
    if (!row) throw new ConversationChangeError('not_found', `no conversation ${conversationId}`);
    const memberIds = await memberIdsOf(client, conversationId);
    if (!memberIds.includes(userId)) {
      throw new ConversationChangeError('not_member', 'you are not a member of this conversation');
    }
    if (toConversationKind(row.kind) === 'direct') {
      throw new ConversationChangeError('direct', "a direct conversation's members and title cannot change");
    }
    return { title: row.title, memberIds };
  }

  private async announce(
    client: pg.PoolClient,
    conversationId: string,
    event: SystemEvent,
    at: number,
    describe: DescribeSystemEvent,
  ): Promise<Message> {
    const { message } = await this.appendWithin(client, {
      conversationId,
      senderId: event.actorId,
      clientId: `system:${randomUUID()}`,
      body: describe(event),
      sentAt: at,
      kind: 'system',
      system: event,
    });
    const payload = await this.archivePayload(client, event);
    if (payload) {
      await this.archive.append(client, {
        at,
        conversationId,
        actor: await this.archive.person(client, event.actorId),
        messageId: message.id,
        payload,
      });
    }
    return message;
  }

  /** What the archive keeps of a change (a group's creation is archived with the group, for both kinds). */
  private async archivePayload(client: pg.PoolClient, event: SystemEvent): Promise<ArchivePayload | null> {
    switch (event.action) {
      case 'created':
        return null;
      case 'renamed':
        return { kind: 'conversation.renamed', title: event.title ?? '' };
      case 'added':
        return { kind: 'members.added', members: await this.archive.people(client, event.userIds) };
      case 'removed':
        return { kind: 'members.removed', members: await this.archive.people(client, event.userIds) };
      case 'left':
        return { kind: 'member.left' };
    }
  }

  private async recordOf(client: pg.PoolClient, conversationId: string): Promise<ConversationRecord> {
    const row = await lockConversation(client, conversationId);
    if (!row) throw new ConversationChangeError('not_found', `no conversation ${conversationId}`);
    return toConversationRecord(row, await memberIdsOf(client, conversationId));
  }
}

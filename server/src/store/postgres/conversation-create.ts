import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CreateResult } from '../sqlite/conversation-create';
import { toConversationRecord } from '../sqlite/conversation-records';
import type { ConversationRow } from '../sqlite/rows';
import type { NewConversation } from '../types';
import type { PostgresArchiveLog } from './archive-log';
import type { PostgresConversationChanges } from './conversation-changes';
import { memberIdsOf, openPeriods } from './member-periods';
import { assertStorableText } from './stored-text';

/**
 * Creating a conversation, inside the caller's transaction: a direct one once per pair (also
 * when two nodes open it at once), its members (with their member periods from seq 1), its
 * archive chain's first entry and a group's `created` message.
 */
export class PostgresConversationCreation {
  constructor(
    private readonly changes: PostgresConversationChanges,
    private readonly archive: PostgresArchiveLog,
  ) {}

  async create(client: pg.PoolClient, conversation: NewConversation): Promise<CreateResult> {
    const memberIds = [...new Set(conversation.memberIds)];
    if (memberIds.length === 0) throw new RangeError('a conversation needs at least one member');
    const title = conversation.kind === 'direct' ? null : conversation.title;
    assertStorableText('title', title);
    const id = randomUUID();
    if (conversation.kind === 'direct') {
      if (memberIds.length > 2) throw new RangeError('a direct conversation has at most two members');
      const directKey = [...memberIds].sort().join(' ');
      const existing = await this.insertDirect(client, id, directKey, conversation.createdAt);
      if (existing) {
        // Opening it is asking to see it, also when the other member opened it first.
        if (conversation.creatorId) {
          await client.query(
            'UPDATE conversation_members SET listed = true WHERE conversation_id = $1 AND user_id = $2',
            [existing.id, conversation.creatorId],
          );
        }
        return {
          conversation: toConversationRecord(existing, await memberIdsOf(client, existing.id)),
          created: false,
        };
      }
    } else {
      await client.query(
        `INSERT INTO conversations (id, kind, title, direct_key, last_activity_at, created_at)
         VALUES ($1, 'group', $2, NULL, $3, $3)`,
        [id, title, conversation.createdAt],
      );
    }
    // Without a known opener (v1 callers of the port) everybody sees it at once, as before.
    const { creatorId } = conversation;
    await client.query(
      `INSERT INTO conversation_members (conversation_id, user_id, position, listed)
       SELECT $1, user_id, position - 1, listed
       FROM unnest($2::text[], $3::boolean[]) WITH ORDINALITY AS m (user_id, listed, position)`,
      [
        id,
        memberIds,
        memberIds.map((userId) => conversation.kind === 'group' || !creatorId || creatorId === userId),
      ],
    );
    await openPeriods(client, id, memberIds, 1);
    // The chain's first entry: who was in it from the start (read back from the rows just written).
    await this.archive.append(client, {
      at: conversation.createdAt,
      conversationId: id,
      actor: creatorId ? await this.archive.person(client, creatorId) : null,
      messageId: null,
      payload: {
        kind: 'conversation.created',
        conversationKind: conversation.kind,
        title: title ?? '',
        members: await this.archive.members(client, id),
      },
    });
    let lastSeq = 0;
    if (conversation.kind === 'group' && creatorId && conversation.describe) {
      const created = await this.changes.announceCreated(
        client,
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

  /**
   * Inserts the pair's conversation unless it exists, and returns the existing one then. When
   * another node inserts it at the same moment, ON CONFLICT waits for that transaction, and the
   * read after it (a statement of its own) sees the winner.
   */
  private async insertDirect(
    client: pg.PoolClient,
    id: string,
    directKey: string,
    createdAt: number,
  ): Promise<ConversationRow | null> {
    const select = () =>
      client.query<ConversationRow>(
        'SELECT id, kind, title, last_seq, created_at FROM conversations WHERE direct_key = $1',
        [directKey],
      );
    const found = (await select()).rows[0];
    if (found) return found;
    const inserted = await client.query(
      `INSERT INTO conversations (id, kind, title, direct_key, last_activity_at, created_at)
       VALUES ($1, 'direct', NULL, $2, $3, $3) ON CONFLICT (direct_key) DO NOTHING`,
      [id, directKey, createdAt],
    );
    if (inserted.rowCount === 1) return null;
    const winner = (await select()).rows[0];
    if (!winner) throw new Error(`the direct conversation ${directKey} vanished right after it was written`);
    return winner;
  }
}

import type pg from 'pg';
import type { CreateResult } from '../sqlite/conversation-create';
import { toConversationRecord } from '../sqlite/conversation-records';
import type { ConversationRow } from '../sqlite/rows';
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
import { PostgresArchiveLog } from './archive-log';
import { type AppendWithin, PostgresConversationChanges } from './conversation-changes';
import { PostgresConversationCreation } from './conversation-create';
import { formerView, formerViews, memberView, memberViews } from './conversation-views';
import { isViolation } from './errors';
import { periodsOf } from './member-periods';
import { inTransaction } from './transaction';

export class PostgresConversationRepository implements ConversationRepository {
  private readonly changes: PostgresConversationChanges;
  private readonly creation: PostgresConversationCreation;

  constructor(
    private readonly pool: pg.Pool,
    appendWithin: AppendWithin,
  ) {
    const archive = new PostgresArchiveLog();
    this.changes = new PostgresConversationChanges(appendWithin, archive);
    this.creation = new PostgresConversationCreation(this.changes, archive);
  }

  create(conversation: NewConversation): Promise<CreateResult> {
    return this.withMembersThatExist(() =>
      inTransaction(this.pool, (client) => this.creation.create(client, conversation)),
    );
  }

  async byId(id: string): Promise<ConversationRecord | null> {
    const result = await this.pool.query<ConversationRow & { member_ids: string[] }>(
      `SELECT c.id, c.kind, c.title, c.last_seq, c.created_at,
         array(SELECT m.user_id FROM conversation_members m WHERE m.conversation_id = c.id ORDER BY m.position)
           AS member_ids
       FROM conversations c WHERE c.id = $1`,
      [id],
    );
    const row = result.rows[0];
    return row ? toConversationRecord(row, row.member_ids) : null;
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    const result = await this.pool.query(
      'SELECT 1 FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
      [conversationId, userId],
    );
    return result.rowCount !== 0;
  }

  /** Two queries whatever the number of conversations: the current ones, and those the user left. */
  async listForMember(userId: string): Promise<MemberConversationRecord[]> {
    const [current, former] = await Promise.all([
      memberViews(this.pool, userId),
      formerViews(this.pool, userId),
    ]);
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

  forMember(conversationId: string, userId: string): Promise<MemberConversationRecord | null> {
    return memberView(this.pool, conversationId, userId);
  }

  async forViewer(conversationId: string, userId: string): Promise<MemberConversationRecord | null> {
    return (await this.forMember(conversationId, userId)) ?? formerView(this.pool, conversationId, userId);
  }

  /** Rejects with `NotFoundError` when the user is not a member. */
  async markRead(conversationId: string, userId: string, seq: number): Promise<number> {
    const result = await this.pool.query<{ read_seq: number }>(
      `UPDATE conversation_members
       SET read_seq = greatest(read_seq, least($1, (SELECT last_seq FROM conversations WHERE id = conversation_id)))
       WHERE conversation_id = $2 AND user_id = $3
       RETURNING read_seq`,
      [Math.max(0, Math.floor(seq)), conversationId, userId],
    );
    const row = result.rows[0];
    if (!row) throw new NotFoundError('not a member of this conversation');
    return row.read_seq;
  }

  async lowerReadSeq(conversationId: string, userId: string, seq: number): Promise<boolean> {
    const target = Math.max(0, Math.floor(seq));
    // SET reads the old values: seen_seq keeps the position from before the lowering.
    const result = await this.pool.query(
      `UPDATE conversation_members SET seen_seq = greatest(seen_seq, read_seq), read_seq = $1
       WHERE conversation_id = $2 AND user_id = $3 AND read_seq > $1`,
      [target, conversationId, userId],
    );
    return result.rowCount !== 0;
  }

  /** What the members see of each other ("Seen"): never moved back by "mark as unread". */
  async readSeqs(conversationId: string): Promise<Record<string, number>> {
    const result = await this.pool.query<{ user_id: string; read_seq: number }>(
      `SELECT user_id, greatest(read_seq, seen_seq) AS read_seq FROM conversation_members
       WHERE conversation_id = $1 ORDER BY position`,
      [conversationId],
    );
    const seqs: Record<string, number> = {};
    for (const row of result.rows) seqs[row.user_id] = row.read_seq;
    return seqs;
  }

  update(change: ConversationChange): Promise<ConversationChangeResult> {
    return this.withMembersThatExist(() =>
      inTransaction(this.pool, (client) => this.changes.update(client, change)),
    );
  }

  leave(leave: ConversationLeave): Promise<ConversationChangeResult> {
    return inTransaction(this.pool, (client) => this.changes.leave(client, leave));
  }

  periods(conversationId: string, userId: string): Promise<MemberPeriod[]> {
    return periodsOf(this.pool, conversationId, userId);
  }

  /** False when the user is not a former member of the conversation. */
  async hide(conversationId: string, userId: string): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE former_members SET hidden = true WHERE conversation_id = $1 AND user_id = $2',
      [conversationId, userId],
    );
    return result.rowCount !== 0;
  }

  private async withMembersThatExist<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isViolation(error, 'foreignKey'))
        throw new NotFoundError('a member of the conversation does not exist');
      throw error;
    }
  }
}

import type { Database, Statement } from 'better-sqlite3';
import { NotFoundError, NotMemberError } from '../types';

/**
 * The membership an append checks inside its own transaction: a message sent in the same
 * moment as its sender's removal is refused when the removal committed first, and it goes to
 * the members as they are once it is written, never to an older member list.
 */
export class SenderMembership {
  private readonly selectMembership: Statement<[string, string], { found: number }>;
  private readonly selectMemberIds: Statement<[string], { user_id: string }>;
  private readonly selectUser: Statement<[string], { found: number }>;

  constructor(db: Database) {
    this.selectMembership = db.prepare(
      'SELECT 1 AS found FROM conversation_members WHERE conversation_id = ? AND user_id = ?',
    );
    this.selectMemberIds = db.prepare(
      'SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY position',
    );
    this.selectUser = db.prepare('SELECT 1 AS found FROM users WHERE id = ?');
  }

  /**
   * Throws `NotMemberError` unless `senderId` is a member of the conversation now
   * (`NotFoundError` when there is no such user at all).
   */
  require(conversationId: string, senderId: string): void {
    if (this.selectMembership.get(conversationId, senderId)) return;
    if (!this.selectUser.get(senderId)) throw new NotFoundError('the sender does not exist');
    throw new NotMemberError('you are not a member of this conversation');
  }

  memberIds(conversationId: string): string[] {
    return this.selectMemberIds.all(conversationId).map((row) => row.user_id);
  }
}

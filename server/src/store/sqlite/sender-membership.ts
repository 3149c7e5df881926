import type { Database, Statement } from 'better-sqlite3';
import { NotFoundError, NotMemberError } from '../types';
import type { MemberCache } from './member-cache';

/**
 * The membership an append checks inside its own transaction: a message sent in the same
 * moment as its sender's removal is refused when the removal committed first, and it goes to
 * the members as they are once it is written, never to an older member list.
 */
export class SenderMembership {
  private readonly selectUser: Statement<[string], { found: number }>;

  constructor(
    db: Database,
    private readonly members: MemberCache,
  ) {
    this.selectUser = db.prepare('SELECT 1 AS found FROM users WHERE id = ?');
  }

  /**
   * Throws `NotMemberError` unless `senderId` is a member of the conversation now
   * (`NotFoundError` when there is no such user at all).
   */
  require(conversationId: string, senderId: string): void {
    if (this.members.isMember(conversationId, senderId)) return;
    if (!this.selectUser.get(senderId)) throw new NotFoundError('the sender does not exist');
    throw new NotMemberError('you are not a member of this conversation');
  }

  memberIds(conversationId: string): string[] {
    return this.members.memberIds(conversationId);
  }
}

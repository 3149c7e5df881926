import type { Database, Statement } from 'better-sqlite3';
import type { MemberConversationRecord } from '../types';
import { toConversationRecord } from './conversation-records';
import type { MessageHydrator } from './message-hydration';
import { type ConversationRow, MESSAGE_COLUMNS, type MessageRow } from './rows';

/** A conversation the user was removed from or left; `last_seq` is the last seq they may read. */
type FormerConversationRow = ConversationRow;

/** A view with the time it sorts by in the user's list. */
export interface SortableView {
  record: MemberConversationRecord;
  sortAt: number;
}

const FORMER_CONVERSATION_SELECT = `
  SELECT c.id, c.kind, c.title, c.created_at,
    (SELECT max(p.to_seq) FROM member_periods p
      WHERE p.conversation_id = c.id AND p.user_id = f.user_id) AS last_seq
  FROM former_members f
  JOIN conversations c ON c.id = f.conversation_id
  WHERE f.hidden = 0`;

/**
 * Conversations v2: the read-only views of conversations a user left or was removed from
 * (the `former_members` table), until they hide them.
 */
export class FormerConversations {
  private readonly selectForUser: Statement<[string], FormerConversationRow>;
  private readonly selectOne: Statement<[string, string], FormerConversationRow>;
  private readonly selectMessageAt: Statement<[string, number], MessageRow>;
  private readonly hideOne: Statement<[string, string]>;

  constructor(
    db: Database,
    private readonly hydrator: MessageHydrator,
    private readonly memberIdsOf: (conversationId: string) => string[],
  ) {
    this.selectForUser = db.prepare(`${FORMER_CONVERSATION_SELECT} AND f.user_id = ?`);
    this.selectOne = db.prepare(`${FORMER_CONVERSATION_SELECT} AND c.id = ? AND f.user_id = ?`);
    this.selectMessageAt = db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq = ?`,
    );
    this.hideOne = db.prepare(
      'UPDATE former_members SET hidden = 1 WHERE conversation_id = ? AND user_id = ?',
    );
  }

  /** The user's former conversations they did not hide; a query or two each. */
  listFor(userId: string): SortableView[] {
    return this.selectForUser.all(userId).map((row) => this.toView(row, userId));
  }

  one(conversationId: string, userId: string): MemberConversationRecord | null {
    const row = this.selectOne.get(conversationId, userId);
    return row ? this.toView(row, userId).record : null;
  }

  /** False when the user is not a former member of the conversation. */
  hide(conversationId: string, userId: string): boolean {
    return this.hideOne.run(conversationId, userId).changes > 0;
  }

  /** Read-only: everything up to their departure counts as read, and nothing after it is theirs. */
  private toView(row: FormerConversationRow, userId: string): SortableView {
    const lastRow = this.selectMessageAt.get(row.id, row.last_seq);
    const lastMessage = lastRow ? (this.hydrator.toMessages([lastRow])[0] ?? null) : null;
    const memberIds = this.memberIdsOf(row.id).filter((id) => id !== userId);
    return {
      record: {
        ...toConversationRecord(row, memberIds),
        readSeq: row.last_seq,
        unread: 0,
        unreadMentionSeqs: [],
        lastMessage,
        left: true,
      },
      sortAt: lastMessage?.sentAt ?? row.created_at,
    };
  }
}

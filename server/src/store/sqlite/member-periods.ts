import type { Database, Statement } from 'better-sqlite3';
import type { MemberPeriod } from '../types';

/**
 * The `member_periods` table (migration 8): which seqs each member may read. Called inside
 * the transactions that change membership, so a period never disagrees with the members.
 */
export class MemberPeriods {
  private readonly insert: Statement<[string, string, number]>;
  private readonly close: Statement<[number, string, string]>;
  private readonly select: Statement<[string, string], { from_seq: number; to_seq: number | null }>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO member_periods (conversation_id, user_id, from_seq, to_seq) VALUES (?, ?, ?, NULL)',
    );
    this.close = db.prepare(
      'UPDATE member_periods SET to_seq = ? WHERE conversation_id = ? AND user_id = ? AND to_seq IS NULL',
    );
    this.select = db.prepare(
      'SELECT from_seq, to_seq FROM member_periods WHERE conversation_id = ? AND user_id = ? ORDER BY from_seq',
    );
  }

  open(conversationId: string, userId: string, fromSeq: number): void {
    this.insert.run(conversationId, userId, fromSeq);
  }

  closeAt(conversationId: string, userId: string, toSeq: number): void {
    this.close.run(toSeq, conversationId, userId);
  }

  of(conversationId: string, userId: string): MemberPeriod[] {
    return this.select
      .all(conversationId, userId)
      .map((row) => ({ fromSeq: row.from_seq, toSeq: row.to_seq }));
  }
}

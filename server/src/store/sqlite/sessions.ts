import type { Database, Statement } from 'better-sqlite3';
import type { SessionRecord, SessionRepository } from '../types';
import { type SessionRow, toSession } from './rows';

export class SqliteSessionRepository implements SessionRepository {
  private readonly insert: Statement<[string, string, number, number]>;
  private readonly selectByTokenHash: Statement<[string], SessionRow>;
  private readonly deleteByTokenHash: Statement<[string]>;
  private readonly deleteByUser: Statement<[string]>;
  private readonly deleteExpiredBefore: Statement<[number]>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.selectByTokenHash = db.prepare(
      'SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = ?',
    );
    this.deleteByTokenHash = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.deleteByUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
    this.deleteExpiredBefore = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  async create(session: SessionRecord): Promise<void> {
    this.insert.run(session.tokenHash, session.userId, session.createdAt, session.expiresAt);
  }

  async byTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const row = this.selectByTokenHash.get(tokenHash);
    return row ? toSession(row) : null;
  }

  async delete(tokenHash: string): Promise<void> {
    this.deleteByTokenHash.run(tokenHash);
  }

  async deleteForUser(userId: string): Promise<void> {
    this.deleteByUser.run(userId);
  }

  /** Deletes sessions that expired at or before `now`; returns how many. */
  async deleteExpired(now: number): Promise<number> {
    return this.deleteExpiredBefore.run(now).changes;
  }
}

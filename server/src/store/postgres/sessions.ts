import type pg from 'pg';
import type { SessionRecord, SessionRepository } from '../types';
import { type SessionRow, toSession } from './rows';

export class PostgresSessionRepository implements SessionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(session: SessionRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [session.tokenHash, session.userId, session.createdAt, session.expiresAt],
    );
  }

  async byTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const result = await this.pool.query<SessionRow>(
      'SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = $1',
      [tokenHash],
    );
    const row = result.rows[0];
    return row ? toSession(row) : null;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  /** Deletes sessions that expired at or before `now`; returns how many. */
  async deleteExpired(now: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    return result.rowCount ?? 0;
  }
}

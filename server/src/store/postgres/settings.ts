import type pg from 'pg';
import type { SettingsRepository } from '../types';

export class PostgresSettingsRepository implements SettingsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string): Promise<string | null> {
    const result = await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
      key,
    ]);
    return result.rows[0]?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  /**
   * Atomic across nodes: the insert waits for a concurrent one of the same key and then does
   * nothing, and the read after it (a statement of its own, so a fresh snapshot) sees the winner.
   */
  async setIfAbsent(key: string, value: string): Promise<string> {
    const inserted = await this.pool.query<{ value: string }>(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value',
      [key, value],
    );
    if (inserted.rows[0]) return inserted.rows[0].value;
    const stored = await this.get(key);
    if (stored === null) throw new Error(`setting ${key} vanished right after it was written`);
    return stored;
  }
}

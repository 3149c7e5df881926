import type { Database, Statement } from 'better-sqlite3';
import type { SettingsRepository } from '../types';

export class SqliteSettingsRepository implements SettingsRepository {
  private readonly select: Statement<[string], { value: string }>;
  private readonly upsert: Statement<[string, string]>;
  private readonly insertIfAbsent: Statement<[string, string]>;

  constructor(db: Database) {
    this.select = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.insertIfAbsent = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    );
  }

  async get(key: string): Promise<string | null> {
    return this.select.get(key)?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.upsert.run(key, value);
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    this.insertIfAbsent.run(key, value);
    const stored = this.select.get(key);
    if (!stored) throw new Error(`setting ${key} vanished right after it was written`);
    return stored.value;
  }
}

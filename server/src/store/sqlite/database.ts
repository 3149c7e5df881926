import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** How long a writer waits for another connection's write lock (server + admin CLI) before failing. */
export const BUSY_TIMEOUT_MS = 10_000;

export function isInMemory(file: string): boolean {
  return file === ':memory:' || file === '';
}

/** Opens the database file (creating its directory) with Beacon's durability settings. */
export function openDatabase(file: string): Database.Database {
  if (!isInMemory(file)) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!isInMemory(file)) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`could not switch ${file} to WAL journaling (got ${String(mode)})`);
    }
    // FULL: a commit is fsynced before it returns, so an acknowledged write survives power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCheckpointer, CHECKPOINT_INTERVAL_MS } from './checkpointer';
import { openDatabase } from './database';
import { tempDirs } from './testing/temp-files';
import { walSyncFor } from './wal-sync';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function openFile() {
  const file = join(dirs.make(), 'beacon.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (value TEXT NOT NULL)');
  return { file, db };
}

describe('WalSync', () => {
  it('commits without an fsync, keeps FULL for every other write and syncs the WAL', async () => {
    const { file, db } = openFile();
    const wal = walSyncFor(db, file);
    if (!wal) throw new Error('expected a WalSync for a WAL file');
    try {
      wal.withoutFsync(() => {
        expect(db.pragma('synchronous', { simple: true })).toBe(1);
        db.prepare('INSERT INTO t (value) VALUES (?)').run('a');
      });
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      await wal.sync();
      expect(db.prepare('SELECT value FROM t').pluck().all()).toEqual(['a']);
    } finally {
      wal.close();
      db.close();
    }
  });

  it('follows the WAL file when SQLite replaced it', async () => {
    const { file, db } = openFile();
    const wal = walSyncFor(db, file);
    if (!wal) throw new Error('expected a WalSync for a WAL file');
    db.prepare('INSERT INTO t (value) VALUES (?)').run('a');
    await wal.sync();
    const before = statSync(`${file}-wal`).ino;
    // Leaving WAL mode deletes the file; going back creates a new one.
    db.pragma('journal_mode = DELETE');
    db.pragma('journal_mode = WAL');
    db.prepare('INSERT INTO t (value) VALUES (?)').run('b');
    expect(statSync(`${file}-wal`).ino).not.toBe(before);
    await expect(wal.sync()).resolves.toBeUndefined();
    wal.close();
    db.close();
  });

  it('is not used in memory', () => {
    const db = openDatabase(':memory:');
    expect(walSyncFor(db, ':memory:')).toBeNull();
    db.close();
  });
});

describe('BackgroundCheckpointer', () => {
  it('copies the WAL into the database file from its worker while the connection does not', async () => {
    const { file, db } = openFile();
    const checkpointer = BackgroundCheckpointer.start(db, file);
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const sizeBefore = statSync(file).size;
      const insert = db.prepare('INSERT INTO t (value) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 2_000; i++) insert.run('x'.repeat(500));
      })();
      expect(statSync(file).size).toBe(sizeBefore);
      const deadline = Date.now() + 20 * CHECKPOINT_INTERVAL_MS;
      while (statSync(file).size === sizeBefore && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_INTERVAL_MS));
      }
      expect(statSync(file).size).toBeGreaterThan(sizeBefore + 500_000);
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });
});

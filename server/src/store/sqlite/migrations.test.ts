import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, SchemaTooNewError } from './index';
import { type Migration, migrate, schemaVersion } from './migrate';
import { MIGRATIONS } from './migrations';
import { initialSchema } from './migrations/001-initial';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const latest = MIGRATIONS.length;

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe('schema migrations', () => {
  it('creates the latest schema on a fresh file, with WAL, FULL sync and foreign keys', async () => {
    const file = join(dirs.make(), 'nested', 'dir', 'beacon.db');
    const store = openSqliteStore(file);
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(latest);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(tables(db)).toEqual(
        expect.arrayContaining([
          'users',
          'sessions',
          'contacts',
          'conversations',
          'conversation_members',
          'messages',
          'settings',
        ]),
      );
    } finally {
      db.close();
    }
  });

  it('upgrades an existing version-1 file and keeps its data', async () => {
    const file = join(dirs.make(), 'beacon.db');
    const v1 = new Database(file);
    migrate(v1, [initialSchema]);
    expect(schemaVersion(v1)).toBe(1);
    v1.prepare(
      `INSERT INTO users (id, email, name, name_key, password_hash, disabled, created_at)
       VALUES ('u1', 'old@acme.test', 'Old Timer', 'old timer', 'h', 0, 5),
              ('u2', 'gone@acme.test', 'Gone', 'gone', 'h', 1, 6)`,
    ).run();
    v1.close();

    const store = openSqliteStore(file);
    try {
      expect((await store.users.byEmail('old@acme.test'))?.name).toBe('Old Timer');
      expect(await store.users.listDisabledSince(0)).toEqual([{ id: 'u2', disabledAt: 0 }]);
      await store.settings.set('org.domain', 'acme.test');
      expect(await store.settings.get('org.domain')).toBe('acme.test');
    } finally {
      await store.close();
    }
  });

  it('reopens an up-to-date file without changing it', async () => {
    const file = join(dirs.make(), 'beacon.db');
    const first = openSqliteStore(file);
    await first.users.create({ email: 'a@acme.test', name: 'A', passwordHash: 'h' });
    await first.close();
    const second = openSqliteStore(file);
    expect(await second.users.list()).toHaveLength(1);
    await second.close();
  });

  it('refuses a file from a newer Beacon', () => {
    const file = join(dirs.make(), 'beacon.db');
    const db = new Database(file);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openSqliteStore(file)).toThrow(SchemaTooNewError);
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(target) {
        target.exec('CREATE TABLE half_done (x INTEGER)');
        target.exec('THIS IS NOT SQL');
      },
    };
    expect(() => migrate(db, [initialSchema, broken])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('refuses an out-of-order migration list', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ ...initialSchema, version: 2 }])).toThrow(/expected 1/);
    db.close();
  });
});

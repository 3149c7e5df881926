import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PostgresTestSchema,
  postgresOrSkipReason,
  TEST_DATABASE_URL,
} from '../contract/postgres-test-database';
import { openDatabase } from '../sqlite/database';
import { migrate as migrateSqlite } from '../sqlite/migrate';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../sqlite/migrations';

const skip = (await postgresOrSkipReason()) !== null;

/**
 * Message search differs by design: FTS5 on SQLite (a virtual table, its shadow tables and the
 * doc map), PostgreSQL's own full-text search in `message_search` (migration 3).
 */
const SQLITE_ONLY = /^(message_fts(_\w+)?|message_search_docs)$/;
const POSTGRES_ONLY = new Set(['message_search']);
/**
 * PostgreSQL's stand-in for SQLite's rowid ("in the order added"), and what a webhook queue that
 * several nodes share needs and one SQLite process keeps in memory (migration 4).
 */
const POSTGRES_ONLY_COLUMNS = new Set([
  'insertion_order',
  'webhook_deliveries.claimed_by',
  'webhook_deliveries.claimed_until',
  'webhook_deliveries.delivered_at',
]);

function sqliteColumns(): Map<string, string[]> {
  const db = openDatabase(':memory:');
  try {
    migrateSqlite(db, SQLITE_MIGRATIONS);
    const names = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name)
      .filter((name) => !SQLITE_ONLY.test(name));
    return new Map(
      names.map((name) => [
        name,
        db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}') ORDER BY name`)
          .all()
          .map((row) => row.name),
      ]),
    );
  } finally {
    db.close();
  }
}

describe.skipIf(skip)('PostgreSQL schema', () => {
  const test = new PostgresTestSchema();
  let client: pg.Client;
  beforeAll(async () => {
    await test.create();
    client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${test.schema}` });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await test.drop();
  });

  it("has every table and column of SQLite's latest schema (a feature must bring its PostgreSQL side)", async () => {
    const result = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = $1 AND table_name <> 'schema_migrations' ORDER BY table_name, column_name`,
      [test.schema],
    );
    const postgres = new Map<string, string[]>();
    for (const row of result.rows) {
      if (
        POSTGRES_ONLY_COLUMNS.has(row.column_name) ||
        POSTGRES_ONLY_COLUMNS.has(`${row.table_name}.${row.column_name}`) ||
        POSTGRES_ONLY.has(row.table_name)
      )
        continue;
      postgres.set(row.table_name, [...(postgres.get(row.table_name) ?? []), row.column_name]);
    }
    expect(Object.fromEntries(postgres)).toEqual(Object.fromEntries(sqliteColumns()));
  });

  describe('the message log, a compliance record', () => {
    beforeAll(async () => {
      await client.query(`
        INSERT INTO users (id, email, name, name_key, password_hash, created_at) VALUES ('u1', 'a@acme.test', 'A', 'a', 'h', 1);
        INSERT INTO conversations (id, kind, title, last_seq, last_activity_at, created_at) VALUES ('c1', 'group', 'G', 1, 1, 1);
        INSERT INTO messages (conversation_id, seq, id, sender_id, client_id, body, sent_at)
          VALUES ('c1', 1, 'm1', 'u1', 'k1', 'first words', 42);`);
    });

    it("gives every message its version 1 ('sent') in the append's transaction", async () => {
      const versions = await client.query(
        'SELECT message_id, version, kind, body, at, actor_id FROM message_versions',
      );
      expect(versions.rows).toEqual([
        { message_id: 'm1', version: 1, kind: 'sent', body: 'first words', at: '42', actor_id: 'u1' },
      ]);
    });

    it('refuses to change the first body or a version, and to delete either outside a retention purge', async () => {
      await expect(client.query("UPDATE messages SET body = 'rewritten' WHERE id = 'm1'")).rejects.toThrow(
        'messages.body is the first version and is never changed',
      );
      await expect(client.query("UPDATE message_versions SET body = 'x'")).rejects.toThrow(
        'message versions are a compliance record and are never changed',
      );
      await expect(client.query('DELETE FROM message_versions')).rejects.toThrow(
        /never deleted but by a retention purge/,
      );
      await expect(client.query('DELETE FROM messages')).rejects.toThrow(
        /never deleted but by a retention purge/,
      );
      await client.query("UPDATE messages SET edited_at = 50 WHERE id = 'm1'");
      expect((await client.query('SELECT count(*)::int AS n FROM message_versions')).rows).toEqual([
        { n: 1 },
      ]);
    });

    it('lets a retention purge delete, inside its own transaction only', async () => {
      await client.query(`
        BEGIN;
        INSERT INTO retention_purge_guard (id) VALUES (1);
        DELETE FROM message_versions WHERE message_id = 'm1';
        DELETE FROM messages WHERE id = 'm1';
        DELETE FROM retention_purge_guard;
        COMMIT;`);
      expect((await client.query('SELECT count(*)::int AS n FROM messages')).rows).toEqual([{ n: 0 }]);
    });
  });
});

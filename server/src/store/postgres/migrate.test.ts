import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresOrSkipReason, scratchSchemas, TEST_DATABASE_URL } from '../contract/postgres-test-database';
import { openPostgresStore, SchemaTooNewError } from './index';
import { migrate, type PostgresMigration, schemaVersion } from './migrate';
import { MIGRATIONS } from './migrations';
import { createPool } from './pool';

const skip = (await postgresOrSkipReason()) !== null;
const schemas = scratchSchemas();
afterAll(() => schemas.dropAll());

async function withPool<T>(schema: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = createPool({ url: TEST_DATABASE_URL, schema, poolSize: 2 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

async function tables(pool: pg.Pool, schema: string): Promise<string[]> {
  const result = await pool.query<{ name: string }>(
    'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
    [schema],
  );
  return result.rows.map((row) => row.name);
}

const notes: PostgresMigration = {
  version: 1,
  name: 'notes',
  async up(client) {
    await client.query('CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)');
  },
};
const noteAuthors: PostgresMigration = {
  version: 2,
  name: 'note authors',
  async up(client) {
    await client.query("ALTER TABLE notes ADD COLUMN author text NOT NULL DEFAULT 'unknown'");
  },
};

describe.skipIf(skip)('PostgreSQL schema migrations', () => {
  it('creates the latest schema in a schema that does not exist yet, and records every version', async () => {
    const schema = schemas.name();
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema });
    await store.close();
    await withPool(schema, async (pool) => {
      const client = await pool.connect();
      try {
        expect(await schemaVersion(client)).toBe(MIGRATIONS.length);
      } finally {
        client.release();
      }
      expect(await tables(pool, schema)).toEqual(
        expect.arrayContaining([
          'users',
          'sessions',
          'conversations',
          'messages',
          'audit_log',
          'schema_migrations',
        ]),
      );
    });
  });

  it('brings a database at the previous version up to date, then finds nothing to do', async () => {
    const schema = schemas.name();
    await withPool(schema, async (pool) => {
      expect(await migrate(pool, MIGRATIONS.slice(0, -1), schema)).toEqual({
        from: 0,
        to: MIGRATIONS.length - 1,
      });
      expect(await migrate(pool, MIGRATIONS, schema)).toEqual({
        from: MIGRATIONS.length - 1,
        to: MIGRATIONS.length,
      });
      expect(await migrate(pool, MIGRATIONS, schema)).toEqual({
        from: MIGRATIONS.length,
        to: MIGRATIONS.length,
      });
    });
  });

  it('indexes for search the user messages of a schema at version 2, as they read now', async () => {
    const schema = schemas.name();
    await withPool(schema, async (pool) => {
      await migrate(pool, MIGRATIONS.slice(0, 2), schema);
      await pool.query(`
        INSERT INTO users (id, email, name, name_key, password_hash, created_at) VALUES ('u1', 'u1@acme.test', 'U1', 'u1', 'h', 1);
        INSERT INTO conversations (id, kind, title, last_seq, last_activity_at, created_at) VALUES ('c1', 'group', 'Old', 4, 1, 1);
        INSERT INTO conversation_members (conversation_id, user_id, position) VALUES ('c1', 'u1', 0);
        INSERT INTO member_periods (conversation_id, user_id, from_seq, to_seq) VALUES ('c1', 'u1', 1, NULL);
        INSERT INTO messages (conversation_id, seq, id, sender_id, client_id, body, sent_at) VALUES
          ('c1', 1, 'm1', 'u1', 'k1', 'old harbour', 1),
          ('c1', 2, 'm2', 'u1', 'k2', 'first draft', 2),
          ('c1', 3, 'm3', 'u1', 'k3', 'deleted harbour', 3);
        INSERT INTO messages (conversation_id, seq, id, sender_id, client_id, body, sent_at, kind, system)
          VALUES ('c1', 4, 'm4', 'u1', 'k4', 'harbour created', 4, 'system', '{}');
        INSERT INTO message_versions (message_id, version, kind, body, at, actor_id) VALUES
          ('m2', 2, 'edited', 'final harbour draft', 5, 'u1'),
          ('m3', 2, 'deleted', '', 6, 'u1');
        UPDATE messages SET version = 2, edited_at = 5 WHERE id = 'm2';
        UPDATE messages SET version = 2, deleted_at = 6 WHERE id = 'm3';`);
    });
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema });
    try {
      const result = await store.search.search('u1', { query: 'harbour', limit: 10 });
      expect(result.hits.map((hit) => [hit.message.id, hit.snippet])).toEqual([
        ['m2', 'final \u0002harbour\u0003 draft'],
        ['m1', 'old \u0002harbour\u0003'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('applies only the new migrations to an older schema, keeping its rows', async () => {
    const schema = schemas.name();
    await withPool(schema, async (pool) => {
      await migrate(pool, [notes], schema);
      await pool.query("INSERT INTO notes (id, body) VALUES (1, 'kept')");
      expect(await migrate(pool, [notes, noteAuthors], schema)).toEqual({ from: 1, to: 2 });
      expect((await pool.query('SELECT id, body, author FROM notes')).rows).toEqual([
        { id: 1, body: 'kept', author: 'unknown' },
      ]);
    });
  });

  it('migrates once when several nodes start at once on an empty database', async () => {
    const schema = schemas.name();
    const stores = await Promise.all(
      [1, 2, 3].map(() => openPostgresStore({ url: TEST_DATABASE_URL, schema, poolSize: 1 })),
    );
    await Promise.all(stores.map((store) => store.close()));
    await withPool(schema, async (pool) => {
      const applied = await pool.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(applied.rows.map((row) => row.version)).toEqual(
        MIGRATIONS.map((migration) => migration.version),
      );
    });
  });

  it('refuses a schema from a newer Beacon', async () => {
    const schema = schemas.name();
    await withPool(schema, async (pool) => {
      await migrate(pool, MIGRATIONS, schema);
      await pool.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', 0)", [
        MIGRATIONS.length + 1,
      ]);
    });
    await expect(openPostgresStore({ url: TEST_DATABASE_URL, schema })).rejects.toBeInstanceOf(
      SchemaTooNewError,
    );
  });

  it('rolls a failing migration back entirely', async () => {
    const schema = schemas.name();
    const broken: PostgresMigration = {
      version: 2,
      name: 'broken',
      async up(client) {
        await client.query('CREATE TABLE half_done (x integer)');
        await client.query('THIS IS NOT SQL');
      },
    };
    await withPool(schema, async (pool) => {
      await expect(migrate(pool, [notes, broken], schema)).rejects.toThrow(/syntax error/);
      expect(await tables(pool, schema)).toEqual(['notes', 'schema_migrations']);
      // The lock was released: the next start migrates.
      expect(await migrate(pool, [notes, noteAuthors], schema)).toEqual({ from: 1, to: 2 });
    });
  });

  it('refuses an out-of-order migration list and a schema name that would need quoting', async () => {
    const schema = schemas.name();
    await withPool(schema, async (pool) => {
      await expect(migrate(pool, [{ ...notes, version: 2 }], schema)).rejects.toThrow(/expected 1/);
    });
    await expect(openPostgresStore({ url: TEST_DATABASE_URL, schema: 'Beacon; DROP' })).rejects.toThrow(
      /schema name "Beacon; DROP" is not allowed/,
    );
  });

  it('rejects, without hanging, when the database is unreachable', async () => {
    await expect(openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/test' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});

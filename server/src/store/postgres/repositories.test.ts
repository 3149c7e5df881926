import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PostgresTestSchema,
  postgresOrSkipReason,
  TEST_DATABASE_URL,
} from '../contract/postgres-test-database';
import type { Store } from '../types';

/** What the contract suite cannot say: rows written behind the store's back, and sizes past a page. */
const skip = (await postgresOrSkipReason()) !== null;

describe.skipIf(skip)('PostgreSQL repositories, on rows they did not write', () => {
  const test = new PostgresTestSchema();
  let store: Store;
  let sql: pg.Client;
  beforeAll(async () => {
    await test.create();
    sql = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${test.schema}` });
    await sql.connect();
  });
  beforeEach(async () => {
    await store?.close();
    await test.empty();
    store = await test.open(() => 1_000);
  });
  afterAll(async () => {
    await store?.close();
    await sql?.end();
    await test.drop();
  });

  it('grants nothing for a role it does not know, whatever the column holds', async () => {
    const user = await store.users.create({ email: 'odd@acme.test', name: 'Odd', passwordHash: 'h' });
    await sql.query(`UPDATE users SET roles = '["superuser", "admin", 7, "admin"]' WHERE id = $1`, [user.id]);
    expect((await store.users.byId(user.id))?.roles).toEqual(['admin']);
  });

  it('streams an audit log longer than one page, in seq order', async () => {
    await sql.query(
      `INSERT INTO audit_log (seq, at, actor, source, action, details, prev_hash, hash)
       SELECT n, n, 'cli:test', 'cli', 'test.bulk', '{}', 'p', 'h' || n FROM generate_series(1, 1203) AS n`,
    );
    let expected = 1;
    for await (const entry of store.audit.entries()) {
      expect(entry.seq).toBe(expected);
      expected += 1;
    }
    expect(expected).toBe(1204);
    expect(await store.audit.list({ limit: 5_000 })).toHaveLength(1_000);
  });

  it('refuses a bigint that a JavaScript number cannot hold instead of rounding it', async () => {
    const user = await store.users.create({ email: 'big@acme.test', name: 'Big', passwordHash: 'h' });
    await sql.query('UPDATE users SET created_at = 9007199254740993 WHERE id = $1', [user.id]);
    await expect(store.users.byId(user.id)).rejects.toThrow(/9007199254740993 does not fit/);
  });
});

import Database from 'better-sqlite3';
import type pg from 'pg';
import { createPool } from '../postgres/pool';
import { TEST_DATABASE_URL } from './postgres-test-database';

/**
 * SQL behind the store's back, on the data of the test's store: to read tables no port
 * exposes, or to tamper with rows as someone with database access would. Placeholders are `?`
 * on both stores. A statement that returns rows resolves with them (bigint as numbers), any
 * other with the number of rows it changed.
 */
export type RawSql = (
  statement: string,
  ...params: unknown[]
) => Promise<{ rows: Array<Record<string, unknown>>; changes: number }>;

export function sqliteRawSql(file: () => string): RawSql {
  return async (statement, ...params) => {
    const db = new Database(file());
    try {
      const prepared = db.prepare(statement);
      if (prepared.reader)
        return { rows: prepared.all(...params) as Array<Record<string, unknown>>, changes: 0 };
      return { rows: [], changes: prepared.run(...params).changes };
    } finally {
      db.close();
    }
  };
}

/** On its own pool, ended by `end`. */
export function postgresRawSql(schema: string): RawSql & { end(): Promise<void> } {
  let pool: pg.Pool | null = null;
  const run: RawSql = async (statement, ...params) => {
    pool ??= createPool({ url: TEST_DATABASE_URL, schema, poolSize: 1 });
    let index = 0;
    const text = statement.replace(/\?/g, () => `$${++index}`);
    const result = await pool.query<Record<string, unknown>>(text, params);
    return { rows: result.rows, changes: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0) };
  };
  return Object.assign(run, {
    async end() {
      await pool?.end();
      pool = null;
    },
  });
}

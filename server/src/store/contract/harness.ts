import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openSqliteStore } from '../sqlite';
import { tempDirs } from '../sqlite/testing/temp-files';
import type { Store } from '../types';
import { PostgresTestSchema, postgresOrSkipReason } from './postgres-test-database';
import { postgresRawSql, type RawSql, sqliteRawSql } from './raw-sql';

/**
 * The store contract suite (Beacon issue 13): the same tests against every Store implementation.
 *
 *   describe.each(await storeFactories())('users ($name)', (factory) => {
 *     const ctx = useContractStore(factory);
 *     it('…', async () => { await ctx.store.users.create(…); });
 *   });
 */
export type ContractStore = Store;

/** One test file's data: a temporary directory (SQLite) or a fresh schema (PostgreSQL). */
interface TestData {
  /** A store on empty data. */
  fresh(now: () => number): Promise<ContractStore>;
  /** Another store on the data of the last `fresh` one: a second node or process, or a reopen. */
  another(now: () => number): Promise<ContractStore>;
  /** SQL on the data of the last `fresh` store. */
  sql: RawSql;
  dispose(): Promise<void>;
}

export interface StoreFactory {
  readonly name: 'sqlite' | 'postgres';
  /** Why this store's cases skip (PostgreSQL is unreachable), or null when they run. */
  readonly unavailable: string | null;
  prepare(): Promise<TestData>;
}

const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  unavailable: null,
  async prepare() {
    const dirs = tempDirs('beacon-contract-');
    let file: string | null = null;
    return {
      async fresh(now) {
        file = join(dirs.make(), 'beacon.db');
        return openSqliteStore(file, { now });
      },
      async another(now) {
        if (file === null) throw new Error('no store has been opened yet');
        return openSqliteStore(file, { now });
      },
      sql: sqliteRawSql(() => {
        if (file === null) throw new Error('no store has been opened yet');
        return file;
      }),
      async dispose() {
        dirs.cleanup();
      },
    };
  },
};

function postgresFactory(unavailable: string | null): StoreFactory {
  return {
    name: 'postgres',
    unavailable,
    async prepare() {
      const schema = new PostgresTestSchema();
      try {
        await schema.create();
      } catch (error) {
        await schema.drop();
        throw error;
      }
      const sql = postgresRawSql(schema.schema);
      return {
        async fresh(now) {
          await schema.empty();
          return schema.open(now);
        },
        another: (now) => schema.open(now),
        sql,
        async dispose() {
          await sql.end();
          await schema.drop();
        },
      };
    },
  };
}

/**
 * SQLite (a temporary file per test) and PostgreSQL (a fresh schema per test file). When
 * PostgreSQL is unreachable its cases are skipped with a warning saying how to start it, or
 * fail under CI (postgres-test-database.ts), so CI never skips them.
 */
export async function storeFactories(): Promise<StoreFactory[]> {
  return [sqliteFactory, postgresFactory(await postgresOrSkipReason())];
}

export interface ContractContext {
  /** Empty at the start of every test. */
  readonly store: ContractStore;
  /** What the store's clock says (users' creation and disabling times); 1_000 at the start of every test. */
  readonly clock: { now: number };
  /** Another store on the same data (another node or process); closed after the test. */
  openAnother(): Promise<ContractStore>;
  /** Closes `store` and opens it again on the same data. */
  reopen(): Promise<ContractStore>;
  /** SQL behind the store's back on its data (`?` placeholders on both stores). */
  sql: RawSql;
}

/** Registers the hooks that give each test of the enclosing `describe` an empty store of `factory`. */
export function useContractStore(factory: StoreFactory): ContractContext {
  let data: TestData | null = null;
  let current: ContractStore | null = null;
  const extra: ContractStore[] = [];
  const clock = { now: 1_000 };
  const now = () => clock.now;
  const required = () => {
    if (!data) throw new Error('the contract store is used outside a test');
    return data;
  };

  beforeAll(async () => {
    if (factory.unavailable === null) data = await factory.prepare();
  });
  beforeEach(async (context) => {
    if (factory.unavailable !== null) {
      context.skip(factory.unavailable);
      return;
    }
    clock.now = 1_000;
    current = await required().fresh(now);
  });
  afterEach(async () => {
    await Promise.all([current, ...extra.splice(0)].map((store) => store?.close()));
    current = null;
  });
  afterAll(async () => {
    await data?.dispose();
  });

  return {
    get store() {
      if (!current) throw new Error('the contract store is used outside a test');
      return current;
    },
    clock,
    async openAnother() {
      const another = await required().another(now);
      extra.push(another);
      return another;
    },
    async reopen() {
      await current?.close();
      current = await required().another(now);
      return current;
    },
    sql: (statement, ...params) => required().sql(statement, ...params),
  };
}

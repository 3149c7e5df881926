import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../postgres';
import type { Store } from '../types';

/** Where the tests find PostgreSQL (docs/deploy.md, "The PostgreSQL store"). */
export const TEST_DATABASE_URL =
  process.env.BEACON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const START_HINT =
  'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` ' +
  '(Debian\'s "postgresql" package) or point BEACON_TEST_DATABASE_URL at one';

let probe: Promise<string | null> | undefined;

/** Null when PostgreSQL answers at TEST_DATABASE_URL, else why not (and how to fix it). Asked once per test file. */
function postgresUnavailable(): Promise<string | null> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (error) {
      return `PostgreSQL is unreachable at ${TEST_DATABASE_URL} (${error instanceof Error ? error.message : String(error)}): ${START_HINT}`;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

/**
 * Like `postgresUnavailable`, but loud: warns that the PostgreSQL cases skip and how to start
 * it, or throws under CI (`CI` set, as CI services set it; or BEACON_TEST_REQUIRE_POSTGRES=1), so CI never skips them.
 */
export async function postgresOrSkipReason(): Promise<string | null> {
  const unavailable = await postgresUnavailable();
  if (unavailable === null) return null;
  if (process.env.BEACON_TEST_REQUIRE_POSTGRES === '1' || isCi()) {
    throw new Error(`PostgreSQL is required here (CI) but ${unavailable}`);
  }
  console.warn(`\n*** SKIPPING the PostgreSQL store tests: ${unavailable}\n`);
  return unavailable;
}

export function testSchemaName(): string {
  return `beacon_test_${randomBytes(6).toString('hex')}`;
}

/** Names for throw-away schemas (created by whoever uses them), all dropped by `dropAll`. */
export function scratchSchemas(): { name(): string; dropAll(): Promise<void> } {
  const made: string[] = [];
  return {
    name() {
      const schema = testSchemaName();
      made.push(schema);
      return schema;
    },
    async dropAll() {
      if (made.length === 0) return;
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        for (const schema of made.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A fresh schema `beacon_test_<random>` for one test file: migrated once, emptied before each
 * test (deleting rows is much faster than TRUNCATE or migrating anew), dropped at the end.
 */
export class PostgresTestSchema {
  readonly schema = testSchemaName();
  private readonly admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  private emptyAll: string | null = null;

  open(now: () => number): Promise<Store> {
    return openPostgresStore({ url: TEST_DATABASE_URL, schema: this.schema, poolSize: 4, now });
  }

  async create(): Promise<void> {
    await (await this.open(Date.now)).close();
    this.emptyAll = await this.emptyingStatement();
  }

  async empty(): Promise<void> {
    if (this.emptyAll === null) throw new Error('the test schema has not been created');
    await this.admin.query(this.emptyAll);
  }

  async drop(): Promise<void> {
    try {
      await this.admin.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    } finally {
      await this.admin.end();
    }
  }

  /** Every table's rows, referencing tables before the ones they reference, in one transaction. */
  private async emptyingStatement(): Promise<string> {
    const tables = await this.admin.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'`,
      [this.schema],
    );
    const references = await this.admin.query<{ child: string; parent: string }>(
      `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint AS c
       JOIN pg_class AS child ON child.oid = c.conrelid
       JOIN pg_class AS parent ON parent.oid = c.confrelid
       JOIN pg_namespace AS n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = $1`,
      [this.schema],
    );
    // The messages' delete guard lets the deletes through; it goes last, with its own row.
    const order = referencingFirst(
      tables.rows.map((row) => row.name).filter((name) => name !== 'retention_purge_guard'),
      references.rows,
    );
    return [
      `SET search_path = ${this.schema}`,
      'BEGIN',
      'INSERT INTO retention_purge_guard (id) VALUES (1) ON CONFLICT DO NOTHING',
      ...order.map((table) => `DELETE FROM ${table}`),
      'DELETE FROM retention_purge_guard',
      'COMMIT',
    ].join(';\n');
  }
}

function referencingFirst(
  tables: readonly string[],
  references: ReadonlyArray<{ child: string; parent: string }>,
): string[] {
  const remaining = new Set(tables);
  const order: string[] = [];
  while (remaining.size > 0) {
    const free = [...remaining].filter(
      (table) => !references.some((r) => r.parent === table && r.child !== table && remaining.has(r.child)),
    );
    if (free.length === 0) throw new Error(`foreign keys form a cycle among ${[...remaining].join(', ')}`);
    for (const table of free) {
      order.push(table);
      remaining.delete(table);
    }
  }
  return order;
}

/** CI services set `CI` (to `true`, `1`, …); a developer's machine usually does not. */
function isCi(): boolean {
  const value = process.env.CI?.toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

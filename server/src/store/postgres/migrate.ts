import type pg from 'pg';
import { SchemaTooNewError } from '../sqlite/migrate';
import { assertSchemaName } from './pool';

export { SchemaTooNewError };

export interface PostgresMigration {
  /** 1, 2, 3… in order, recorded in `schema_migrations` once applied. */
  version: number;
  name: string;
  /** Runs inside the migration's transaction. */
  up(client: pg.ClientBase): Promise<void>;
}

/**
 * Applies the pending migrations to `schema` (created when missing), each in its own
 * transaction. A session advisory lock on the schema's name is held throughout, so two nodes
 * starting at once on a fresh database do not both migrate: the second waits, then finds
 * nothing left to do.
 */
export async function migrate(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[],
  schema?: string,
): Promise<{ from: number; to: number }> {
  assertOrdered(migrations);
  if (schema !== undefined) assertSchemaName(schema);
  const latest = migrations.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    const lockKey = schema ?? (await currentSchema(client));
    await client.query("SELECT pg_advisory_lock(hashtext('beacon.migrate'), hashtext($1))", [lockKey]);
    const result = await migrateLocked(client, migrations, latest, schema);
    await client.query("SELECT pg_advisory_unlock(hashtext('beacon.migrate'), hashtext($1))", [lockKey]);
    client.release();
    return result;
  } catch (error) {
    // The connection is closed rather than returned: that ends its session, and so its lock,
    // even when the failure was the connection's own.
    client.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

async function migrateLocked(
  client: pg.ClientBase,
  migrations: readonly PostgresMigration[],
  latest: number,
  schema: string | undefined,
): Promise<{ from: number; to: number }> {
  if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text    NOT NULL,
      applied_at bigint  NOT NULL
    )`);
  const from = await schemaVersion(client);
  if (from > latest) throw new SchemaTooNewError(from, latest);
  for (const migration of migrations) {
    if (migration.version > from) await apply(client, migration);
  }
  return { from, to: await schemaVersion(client) };
}

export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const result = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return result.rows[0]?.version ?? 0;
}

async function apply(client: pg.ClientBase, migration: PostgresMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    await migration.up(client);
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      Date.now(),
    ]);
    await client.query('COMMIT');
  } catch (error) {
    // A rollback that fails too means the connection is gone; the migration's own error says why.
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function currentSchema(client: pg.ClientBase): Promise<string> {
  const result = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  const schema = result.rows[0]?.schema;
  if (!schema) throw new Error('the connection has no current schema: set search_path or pass a schema');
  return schema;
}

function assertOrdered(migrations: readonly PostgresMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}

import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3… in order, stored in `PRAGMA user_version` once applied. */
  version: number;
  name: string;
  up(db: Database): void;
}

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `the database has schema version ${found} but this Beacon knows only up to ${known}; ` +
        'upgrade Beacon instead of opening the database with an older version',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : 0;
}

/**
 * Applies the pending migrations, each in its own IMMEDIATE transaction. The version is
 * re-read inside the transaction so two processes opening a fresh file at the same
 * time (server and admin CLI) do not apply a migration twice.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  assertOrdered(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > latest) throw new SchemaTooNewError(from, latest);

  for (const migration of migrations) {
    const apply = db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    });
    apply.immediate();
  }
  return { from, to: schemaVersion(db) };
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}

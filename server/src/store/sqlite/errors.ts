import { SqliteError } from 'better-sqlite3';

export function isConstraintError(error: unknown, code: 'UNIQUE' | 'FOREIGNKEY' | 'PRIMARYKEY'): boolean {
  return error instanceof SqliteError && error.code === `SQLITE_CONSTRAINT_${code}`;
}

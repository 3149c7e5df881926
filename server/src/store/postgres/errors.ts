import pg from 'pg';

/** SQLSTATE codes Beacon maps to the port's errors. */
const CODES = { unique: '23505', foreignKey: '23503' } as const;

export function isViolation(error: unknown, kind: keyof typeof CODES): boolean {
  return error instanceof pg.DatabaseError && error.code === CODES[kind];
}

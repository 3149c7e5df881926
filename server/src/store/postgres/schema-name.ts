/**
 * The rule for a PostgreSQL schema name, without `pg`: the server's option parsing checks it on
 * every start, also on SQLite, and must not load the driver for that.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses a schema name that would need quoting: it is written into connection options and DDL. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `schema name "${schema}" is not allowed: use lower-case letters, digits and _ (at most 63, not starting with a digit)`,
    );
  }
}

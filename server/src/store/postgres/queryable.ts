import type pg from 'pg';

/** A pool (each query on any free connection) or one connection (inside a transaction). */
export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Positional parameters for a statement assembled from parts: `add` returns the placeholder
 * (`$1`, `$2`, …) of the value it appends, so the parts never count by hand.
 */
export class QueryParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const statementNames = new Map<string, string>();

/**
 * The statement as a named (prepared) one: each connection parses and plans it once, not on
 * every execution. For the statements of the hot paths (an append runs several).
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `beacon_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

import pg from 'pg';
import { assertSchemaName } from './schema-name';

export { assertSchemaName };

export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /**
   * The schema Beacon's tables live in (created when missing); every connection's `search_path`
   * is set to it. Default: the server's own `search_path` (normally `public`).
   */
  schema?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** An idle connection failed (the server restarted, the network dropped); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

const DEFAULT_POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Timestamps (ms) and sequence numbers are `bigint`; pg hands those over as strings so no
 * precision is lost. Beacon's fit in a double, so they become numbers here, and one that does
 * not is an error rather than a silently rounded value.
 */
function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}

function beaconTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, parseSafeInteger);
  return types;
}

export function createPool(options: PostgresConnectionOptions): pg.Pool {
  if (options.schema !== undefined) assertSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'beacon',
    types: beaconTypes(),
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // Without a listener an idle connection's error would crash the process; the next query
  // simply gets a fresh connection.
  pool.on('error', (error) => options.onIdleError?.(error));
  // A checked-out connection that drops between queries (PostgreSQL restarts while a
  // transaction holds it) emits on the client itself, where no listener would crash the
  // process too; its pending query rejects and the pool discards it on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onIdleError?.(error));
  });
  return pool;
}

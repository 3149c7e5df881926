import { databaseFile } from '../config/data-dir';
import { databaseTarget, scrubPassword } from '../config/database-url';
import { ConfigError, type ServerConfig } from '../config/server-config';
import type { Logger } from '../logger';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/**
 * What still lives outside the Store port and so is not on PostgreSQL yet (docs/deploy.md,
 * "One node on PostgreSQL"); logged as a warning at every start on PostgreSQL.
 */
export const NOT_ON_POSTGRES_YET = [
  "uploaded files' contents and the archive's signing keys stay in --data-dir on this machine",
] as const;

type StoreConfig = Pick<ServerConfig, 'store' | 'databaseUrl' | 'databaseSchema' | 'dataDir'>;

/**
 * Opens the configured store: the SQLite file in the data dir, or the PostgreSQL database
 * (migrated; several nodes may start at once). A database that cannot be opened is a
 * `ConfigError` naming host, database and schema, never the password.
 */
export async function openConfiguredStore(
  config: StoreConfig,
  options: { now: () => number; logger: Logger },
): Promise<Store> {
  if (config.store === 'sqlite') {
    return openSqliteStore(databaseFile(config.dataDir), { now: options.now, backgroundCheckpoints: true });
  }
  const url = config.databaseUrl;
  if (url === undefined) throw new ConfigError('databaseUrl: is required with store postgres');
  const target = databaseTarget(url);
  const where = `database "${target.database}" on ${target.host}:${target.port} (schema ${config.databaseSchema})`;
  let store: Store;
  try {
    // Loaded only when chosen: a server on SQLite never loads the PostgreSQL driver.
    const { openPostgresStore } = await import('./postgres');
    store = await openPostgresStore({
      url,
      schema: config.databaseSchema,
      now: options.now,
      onIdleError: (error) =>
        options.logger.warn(
          { reason: scrubPassword(url, reasonOf(error)) },
          'an idle PostgreSQL connection failed',
        ),
    });
  } catch (error) {
    throw new ConfigError(
      `cannot open the PostgreSQL store, ${where}: ${scrubPassword(url, reasonOf(error))}`,
    );
  }
  options.logger.info(
    {
      store: 'postgres',
      host: target.host,
      port: target.port,
      database: target.database,
      schema: config.databaseSchema,
    },
    'PostgreSQL store opened',
  );
  options.logger.warn(
    { notOnPostgresYet: NOT_ON_POSTGRES_YET },
    'some features do not work on PostgreSQL yet',
  );
  return store;
}

/** A driver error's message; a refused connection to every address of a name is an AggregateError without one. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    const reasons = error.errors.map(reasonOf).filter((reason) => reason !== '');
    if (reasons.length > 0) return [...new Set(reasons)].join('; ');
  }
  if (error instanceof Error) {
    if (error.message !== '') return error.message;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    return error.name;
  }
  return String(error);
}

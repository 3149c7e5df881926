import { storeSelection, UsageError } from './server-options';

/** The store flags of `npm run admin`, as the server's: `--store`, `--database-url`, `--database-schema`. */
export interface StoreFlags {
  store: string | undefined;
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
}

export const STORE_FLAG_NAMES = ['--store', '--database-url', '--database-schema'] as const;

/**
 * The PostgreSQL database the flags name (the admin CLI then works on what every node shares),
 * or null for the data dir's SQLite file. Throws `Error` with the server's wording for bad flags.
 */
export function selectedPostgres(flags: StoreFlags): { url: string; schema: string } | null {
  let selected: ReturnType<typeof storeSelection>;
  try {
    selected = storeSelection(flags.store, flags.databaseUrl, flags.databaseSchema);
  } catch (error) {
    if (error instanceof UsageError) throw new Error(error.message);
    throw error;
  }
  if (selected.store !== 'postgres' || selected.databaseUrl === undefined) return null;
  return { url: selected.databaseUrl, schema: selected.databaseSchema };
}

/** Opens that PostgreSQL store with a small pool (one command, one connection at a time). */
export async function openAdminPostgres(target: { url: string; schema: string }) {
  const { openPostgresStore } = await import('../store/postgres');
  return openPostgresStore({ url: target.url, schema: target.schema, poolSize: 2 });
}

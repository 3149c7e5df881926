import { hostname, userInfo } from 'node:os';
import { openAdminPostgres, type StoreFlags, selectedPostgres } from '../../cli/admin-store';
import { databaseFile, hasDatabase, resolveDataDir } from '../../config/data-dir';
import type { AuditActor } from '../../store/ports/audit';
import { openSqliteStore } from '../../store/sqlite';
import type { Store } from '../../store/types';

/** What a compliance command gets: its arguments after the group name, output, and where the data is. */
export interface CommandContext {
  /** The arguments after the group's name (`retention set --messages 90d` → `['set', '--messages', '90d']`). */
  args: readonly string[];
  out(text: string): void;
  err(text: string): void;
  /** The `--data-dir` given before the group, if any. */
  dataDir: string | undefined;
  /** `--store postgres --database-url …`: the database every node shares instead of the data dir's file. */
  store?: StoreFlags;
  /** Directory relative `--data-dir` values are resolved against. */
  baseDir?: string;
  /** Who runs it, for the audit log. */
  actor: AuditActor;
  /** The clock (tests pin it). */
  now(): number;
}

/** One `npm run admin -- <group> …` family: its usage text and how to run it. */
export interface CommandGroup {
  /** Lines for the admin help, indented like ADMIN_USAGE's. */
  usage: string;
  /** Returns the exit code: 0 ok, 1 failed, 2 usage. */
  run(context: CommandContext): Promise<number>;
}

/** A refused command; its message is printed as `error: …`. */
export class CommandError extends Error {}
/** Bad arguments; printed with a hint to `--help`, exit status 2. */
export class CommandUsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The admin CLI's actor for the audit log: the operating-system account on this machine. */
export function cliActor(): AuditActor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return { actor: `cli:${user}@${hostname()}`, source: 'cli', address: null };
}

/** Opens the data directory's store for one command and closes it afterwards. */
export async function withStore<T>(
  context: CommandContext,
  use: (store: Store, dataDir: string) => Promise<T>,
): Promise<T> {
  const dataDir = resolveDataDir(context.dataDir, context.baseDir);
  let postgres: ReturnType<typeof selectedPostgres> = null;
  try {
    postgres = context.store ? selectedPostgres(context.store) : null;
  } catch (error) {
    throw new CommandError(error instanceof Error ? error.message : String(error));
  }
  if (postgres) {
    const store = await openAdminPostgres(postgres);
    try {
      // The signing keys still live in the data dir (docs/deploy.md: the same key on every node).
      return await use(store, dataDir);
    } finally {
      await store.close();
    }
  }
  if (!hasDatabase(dataDir)) {
    throw new CommandError(
      `no Beacon database in ${dataDir}. Check --data-dir, or start the server there first.`,
    );
  }
  const store = openSqliteStore(databaseFile(dataDir));
  try {
    return await use(store, dataDir);
  } finally {
    await store.close();
  }
}

/** Runs a group's command, turning its errors into messages and exit codes. */
export async function runGuarded(context: CommandContext, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommandUsageError) {
      context.err(`error: ${error.message}\nRun with --help for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CommandError) {
      context.err(`error: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    context.err(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

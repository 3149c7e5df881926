import { databaseFile } from '../../config/data-dir';
import { openSqliteStore } from '../../store/sqlite';
import type { Store } from '../../store/types';
import type { CommandGroup } from '../cli/command-group';
import { ADMIN, makeWorld, NOW, type World } from './retention-fixtures';

export interface CommandRun {
  code: number;
  out: string;
  err: string;
}

/** Runs one command of `group` against the data directory, as `npm run admin` would. */
export async function runCommand(
  group: CommandGroup,
  dataDir: string,
  args: string[],
  now = NOW,
): Promise<CommandRun> {
  let out = '';
  let err = '';
  const code = await group.run({
    args,
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    dataDir,
    actor: ADMIN,
    now: () => now,
  });
  return { code, out, err };
}

/** Seeds a data directory's database with `seed`, then closes it, as the server leaves it. */
export async function seedDataDir(dataDir: string, seed: (world: World) => Promise<void> = async () => {}) {
  const world = await makeWorld(databaseFile(dataDir));
  try {
    await seed(world);
  } finally {
    await world.store.close();
  }
}

/** Opens the data directory's store to look at what a command did. */
export async function inspect<T>(dataDir: string, look: (store: Store) => Promise<T>): Promise<T> {
  const store = openSqliteStore(databaseFile(dataDir));
  try {
    return await look(store);
  } finally {
    await store.close();
  }
}

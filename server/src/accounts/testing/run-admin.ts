import { join } from 'node:path';
import { FAST_SCRYPT_PARAMS } from '../../auth/testing';
import { databaseFile, writeOrgConfig } from '../../config/data-dir';
import { openSqliteStore } from '../../store/sqlite';
import { tempDirs } from '../../store/sqlite/testing/temp-files';
import type { Store } from '../../store/types';
import { runAdmin } from '../admin-cli';

export interface AdminRun {
  code: number;
  out: string;
  err: string;
}

/**
 * `npm run admin` in process against a fresh data directory of the organisation `acme.test`
 * (`--data-dir data` is added), with a pinned clock and cheap password hashes.
 */
export function adminHarness(options: { now?: () => number } = {}) {
  const dirs = tempDirs();
  let base = '';
  return {
    async setUp(): Promise<void> {
      base = dirs.make();
      await writeOrgConfig(join(base, 'data'), { domain: 'acme.test' });
    },
    tearDown(): void {
      dirs.cleanup();
    },
    dataDir: () => join(base, 'data'),
    async run(argv: readonly string[]): Promise<AdminRun> {
      let out = '';
      let err = '';
      const code = await runAdmin(['--data-dir', 'data', ...argv], {
        out: (text) => {
          out += text;
        },
        err: (text) => {
          err += text;
        },
        stdinIsTTY: false,
        promptHidden: async () => {
          throw new Error('no prompt in these tests');
        },
        baseDir: base,
        hashParams: FAST_SCRYPT_PARAMS,
        ...(options.now ? { now: options.now } : {}),
      });
      return { code, out, err };
    },
    /** Opens the data directory's store for one look. */
    async withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
      const store = openSqliteStore(databaseFile(join(base, 'data')));
      try {
        return await use(store);
      } finally {
        await store.close();
      }
    },
  };
}

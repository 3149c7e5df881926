import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type AdminRun, adminHarness } from '../../../accounts/testing/run-admin';
import { FsBlobStore } from '../../../files/fs-blob-store';
import type { Store } from '../../../store/types';
import { type SeededArchive, seedArchive } from './seed';

/** The clock of every export in these tests (manifest.json's `createdAt`, the audit entries). */
export const EXPORTED_AT = Date.UTC(2026, 3, 2, 12, 0);

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file under `dir`, by its `/`-separated path relative to `dir`. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split(sep).join('/'), await readFile(path));
  }
  return files;
}

/** The parts of `archive-NNNNNN.<extension>` under `dir`, in order, by path. */
export async function readParts(dir: string, extension: 'jsonl' | 'csv'): Promise<Map<string, Buffer>> {
  const pattern = new RegExp(`^archive-\\d{6}\\.${extension}$`);
  const names = (await readdir(dir)).filter((name) => pattern.test(name)).sort();
  const parts = new Map<string, Buffer>();
  for (const name of names) parts.set(name, await readFile(join(dir, name)));
  return parts;
}

/** `npm run admin -- compliance export …` against a seeded data directory. */
export function exportHarness() {
  const admin = adminHarness({ now: () => EXPORTED_AT });
  let seeded: SeededArchive | null = null;
  let runs = 0;
  return {
    async setUp(): Promise<SeededArchive> {
      await admin.setUp();
      seeded = await admin.withStore((store) => seedArchive(store, this.blobs()));
      return seeded;
    },
    tearDown: () => admin.tearDown(),
    seeded(): SeededArchive {
      if (!seeded) throw new Error('setUp first');
      return seeded;
    },
    dataDir: () => admin.dataDir(),
    blobs: () => new FsBlobStore(join(admin.dataDir(), 'files')),
    withStore: <T>(use: (store: Store) => Promise<T>) => admin.withStore(use),
    run: (argv: readonly string[]): Promise<AdminRun> => admin.run(argv),
    /** Exports into a new directory (beside the data directory); returns it with the run. */
    async exportTo(argv: readonly string[]): Promise<AdminRun & { dir: string }> {
      runs += 1;
      const name = `export-${runs}`;
      const result = await admin.run(['compliance', 'export', '--out', name, ...argv]);
      return { ...result, dir: join(admin.dataDir(), '..', name) };
    },
  };
}

import { createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { finished } from 'node:stream/promises';
import type { ExportSink, SinkFile } from './sink';

/** Refused: the directory exists and holds something (an export never mixes with other files). */
export class ExportDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportDirectoryError';
  }
}

/** Creates `dir` (and its parents) unless it exists; refuses a file or a non-empty directory. */
export async function prepareExportDirectory(dir: string): Promise<void> {
  const existing = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing && !existing.isDirectory())
    throw new ExportDirectoryError(`${dir} exists and is not a directory`);
  if (existing && (await readdir(dir)).length > 0) {
    throw new ExportDirectoryError(`${dir} is not empty: choose a new or empty directory for the export`);
  }
  await mkdir(dir, { recursive: true });
}

/** Writes the export's files under `root` (which `prepareExportDirectory` made ready). */
export class DirectorySink implements ExportSink {
  private readonly made = new Set<string>();

  constructor(private readonly root: string) {}

  async open(path: string): Promise<SinkFile> {
    const target = join(this.root, ...path.split('/'));
    if (!target.startsWith(this.root + sep)) throw new RangeError(`not a path inside the export: ${path}`);
    const parent = dirname(target);
    if (!this.made.has(parent)) {
      await mkdir(parent, { recursive: true });
      this.made.add(parent);
    }
    // `wx`: a file is never written twice, nor over something already there.
    const stream = createWriteStream(target, { flags: 'wx' });
    return { stream, closed: () => finished(stream) };
  }

  async finish(): Promise<void> {}

  async abort(): Promise<void> {
    // What was written stays for inspection; without manifest.json it is visibly incomplete.
  }
}

import { mkdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { ExportSink, SinkFile } from './sink';
import { Spool } from './spool';

/**
 * The export as one tar stream (the HTTP API), file by file in the order they are closed:
 * the same names and bytes as the directory the CLI writes. A tar header carries the size, so
 * each file is spooled (memory, or a temporary file in `spoolDir`) until it is complete, then
 * sent before its writer goes on. The formats keep files small enough for that (JSON Lines and
 * CSV in parts, parts.ts), so the first bytes leave early and the spool holds one file.
 */
export class TarSink implements ExportSink {
  private readonly pack = tar.pack();
  /** The tar's bytes; read it, or nothing moves (it waits for its reader). */
  readonly output: Readable = Readable.from(this.pack, { objectMode: false });
  private readonly spools = new Set<Spool>();
  private tail: Promise<void> = Promise.resolve();
  private ready: Promise<unknown> | null = null;

  constructor(
    private readonly spoolDir: string,
    /** Every entry's modification time: the export's. */
    private readonly mtime: Date,
  ) {
    // An export that fails before anyone reads the tar must not crash the process; the route logs it.
    this.output.on('error', () => {});
  }

  async open(path: string): Promise<SinkFile> {
    this.ready ??= mkdir(this.spoolDir, { recursive: true });
    await this.ready;
    const spool = new Spool(this.spoolDir);
    this.spools.add(spool);
    return {
      stream: spool,
      closed: async () => {
        await finished(spool);
        // Entries go into the tar one after the other, in the order their files were closed.
        const added = this.tail.then(() => this.add(path, spool));
        this.tail = added.catch(() => {});
        await added;
      },
    };
  }

  async finish(): Promise<void> {
    await this.tail;
    this.pack.finalize();
  }

  async abort(error: Error): Promise<void> {
    // The reader sees the failure; a tar that merely ended would look complete.
    this.output.destroy(error);
    this.pack.destroy();
    await Promise.all([...this.spools].map((spool) => spool.dispose()));
    this.spools.clear();
  }

  private async add(path: string, spool: Spool): Promise<void> {
    try {
      const entry = this.pack.entry({
        name: path,
        size: spool.size,
        mtime: this.mtime,
        mode: 0o644,
        type: 'file',
      });
      await pipeline(spool.contents(), entry);
    } finally {
      this.spools.delete(spool);
      await spool.dispose();
    }
  }
}

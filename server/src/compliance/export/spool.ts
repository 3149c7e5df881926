import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** What a spool keeps in memory before it moves to a temporary file. */
export const SPOOL_MEMORY_BYTES = 1024 * 1024;

/**
 * Collects one file whose size must be known before it can be passed on (a tar entry's header
 * comes first): small files in memory, larger ones in a temporary file under `dir`.
 */
export class Spool extends Writable {
  size = 0;
  private chunks: Buffer[] | null = [];
  private file: WriteStream | null = null;
  private filePath: string | null = null;

  constructor(
    private readonly dir: string,
    private readonly memoryBytes = SPOOL_MEMORY_BYTES,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.size += chunk.length;
    if (this.chunks && this.size <= this.memoryBytes) {
      this.chunks.push(chunk);
      callback();
      return;
    }
    if (!this.file) {
      this.filePath = join(this.dir, `${randomUUID()}.spool`);
      this.file = createWriteStream(this.filePath, { flags: 'wx' });
      this.file.on('error', (error) => this.destroy(error));
      for (const held of this.chunks ?? []) this.file.write(held);
      this.chunks = null;
    }
    if (this.file.write(chunk)) callback();
    else this.file.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.file) {
      callback();
      return;
    }
    this.file.end();
    finished(this.file).then(() => callback(), callback);
  }

  /** The content, once the spool has finished. */
  contents(): Readable {
    return this.filePath ? createReadStream(this.filePath) : Readable.from(this.chunks ?? []);
  }

  async dispose(): Promise<void> {
    this.chunks = null;
    this.file?.destroy();
    if (this.filePath) await rm(this.filePath, { force: true });
  }
}

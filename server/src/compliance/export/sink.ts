import { createHash, type Hash } from 'node:crypto';
import type { Writable } from 'node:stream';

/**
 * Where an export's files go: a directory (the CLI) or a tar stream (the HTTP API). Both get
 * the same files in the same order, written one at a time except `SHA256SUMS`, which stays open
 * while the mails it lists are written.
 */
export interface ExportSink {
  /** A new file at `path` (relative, `/`-separated). End its stream, then await `closed()`. */
  open(path: string): Promise<SinkFile>;
  /** Every file is closed: completes the export (ends the tar). */
  finish(): Promise<void>;
  /** Gives up after a failure (stops the tar, releases temporary files). */
  abort(error: Error): Promise<void>;
}

export interface SinkFile {
  readonly stream: Writable;
  /** Resolves once the file is stored in full (written to disk, or added to the tar). */
  closed(): Promise<void>;
}

export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** Resolves when `stream` takes writes again; rejects when it fails or closes first. */
function drained(stream: Writable, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => onError(new Error('the output closed before the export was complete'));
    const onAbort = () =>
      onError(signal?.reason instanceof Error ? signal.reason : new Error('export aborted'));
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted) onAbort();
  });
}

/**
 * One file of the export being written: counts and hashes exactly the bytes it passes on, and
 * waits whenever the sink is full, so nothing piles up in memory.
 */
export class ExportFile {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  private constructor(
    readonly path: string,
    private readonly file: SinkFile,
    private readonly signal: AbortSignal | undefined,
  ) {}

  static async open(sink: ExportSink, path: string, signal?: AbortSignal): Promise<ExportFile> {
    signal?.throwIfAborted();
    return new ExportFile(path, await sink.open(path), signal);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.bytes;
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (data.length === 0) return;
    this.signal?.throwIfAborted();
    this.hash.update(data);
    this.bytes += data.length;
    if (!this.file.stream.write(data)) await drained(this.file.stream, this.signal);
  }

  async writeAll(source: AsyncIterable<string | Uint8Array>): Promise<void> {
    for await (const chunk of source) await this.write(chunk);
  }

  async close(): Promise<WrittenFile> {
    this.file.stream.end();
    await this.file.closed();
    return { path: this.path, sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

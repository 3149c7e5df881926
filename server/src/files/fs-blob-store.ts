import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertBlobKey,
  type BlobStore,
  BlobTooLargeError,
  type BlobVariant,
  SNIFF_BYTES,
  type StoredBlob,
} from './blob-store';

/**
 * The filesystem `BlobStore`: `<root>/blobs/<ab>/<sha256>` (two-character fan-out), variants
 * beside it as `<sha256>.<variant>`, uploads in progress in `<root>/tmp/`, quarantined blobs
 * in `<root>/quarantine/`. `root` is `<data-dir>/files`.
 */
export class FsBlobStore implements BlobStore {
  private readonly blobs: string;
  private readonly tmp: string;
  private readonly quarantined: string;
  private ready: Promise<void> | null = null;

  constructor(readonly root: string) {
    this.blobs = join(root, 'blobs');
    this.tmp = join(root, 'tmp');
    this.quarantined = join(root, 'quarantine');
  }

  async put(source: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    await this.ensureDirs();
    const temp = join(this.tmp, `${randomUUID()}.part`);
    const digest = new DigestingCounter(options.maxBytes ?? Number.POSITIVE_INFINITY);
    try {
      await pipeline(source, digest, createWriteStream(temp, { flags: 'wx' }));
      await fsyncFile(temp);
      const sha256 = digest.hex();
      const target = this.pathOf(sha256);
      await mkdir(join(target, '..'), { recursive: true });
      await rename(temp, target);
      return { sha256, size: digest.bytes, head: digest.head() };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async open(sha256: string): Promise<Readable | null> {
    return openIfExists(this.pathOf(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    return pathExists(this.pathOf(sha256));
  }

  async delete(sha256: string): Promise<void> {
    const path = this.pathOf(sha256);
    await rm(path, { force: true });
    await rm(variantPath(path, 'thumbnail'), { force: true });
  }

  async quarantine(sha256: string): Promise<void> {
    const path = this.pathOf(sha256);
    await mkdir(this.quarantined, { recursive: true });
    await moveIfExists(path, join(this.quarantined, sha256));
    await moveIfExists(variantPath(path, 'thumbnail'), join(this.quarantined, `${sha256}.thumbnail`));
  }

  async putVariant(sha256: string, variant: BlobVariant, data: Buffer): Promise<void> {
    await this.ensureDirs();
    const target = variantPath(this.pathOf(sha256), variant);
    const temp = join(this.tmp, `${randomUUID()}.part`);
    try {
      await writeFile(temp, data, { flag: 'wx' });
      await mkdir(join(target, '..'), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async openVariant(sha256: string, variant: BlobVariant): Promise<Readable | null> {
    return openIfExists(variantPath(this.pathOf(sha256), variant));
  }

  /** Where the served blob lives (tests look at the disk through it). */
  pathOf(sha256: string): string {
    assertBlobKey(sha256);
    return join(this.blobs, sha256.slice(0, 2), sha256);
  }

  /** Where a quarantined blob lives. */
  quarantinePathOf(sha256: string): string {
    assertBlobKey(sha256);
    return join(this.quarantined, sha256);
  }

  /** The directory of uploads in progress (empty when none is). */
  get tempDir(): string {
    return this.tmp;
  }

  private ensureDirs(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.blobs, { recursive: true });
      await mkdir(this.tmp, { recursive: true });
    })();
    return this.ready;
  }
}

function variantPath(blobPath: string, variant: BlobVariant): string {
  return `${blobPath}.${variant}`;
}

/** Hashes and counts the bytes going through, keeps the first `SNIFF_BYTES`, stops past `maxBytes`. */
class DigestingCounter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new BlobTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    if (this.headBytes < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headBytes);
      // A copy: the part must not pin the whole (possibly pooled) chunk.
      this.headChunks.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    callback(null, chunk);
  }

  hex(): string {
    return this.hash.digest('hex');
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function openIfExists(path: string): Promise<Readable | null> {
  try {
    // Opened first so a missing blob is null here, not an error event on the stream later.
    const handle = await open(path, 'r');
    return handle.createReadStream();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function moveIfExists(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobTooLargeError } from './blob-store';
import { FsBlobStore } from './fs-blob-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function store(): FsBlobStore {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-blobs-'));
  dirs.push(dir);
  return new FsBlobStore(join(dir, 'files'));
}
const sha = (data: string) => createHash('sha256').update(data).digest('hex');

describe('FsBlobStore', () => {
  it('stores streamed content under its SHA-256 and reads it back', async () => {
    const blobs = store();
    const blob = await blobs.put(Readable.from(['hello ', 'world']));
    expect(blob).toMatchObject({ sha256: sha('hello world'), size: 11 });
    expect(blob.head.toString()).toBe('hello world');
    expect(await blobs.exists(blob.sha256)).toBe(true);
    const stream = await blobs.open(blob.sha256);
    expect(stream && (await text(stream))).toBe('hello world');
    expect(readdirSync(blobs.tempDir)).toEqual([]);
  });

  it('keeps nothing of content over the limit', async () => {
    const blobs = store();
    await expect(
      blobs.put(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), { maxBytes: 15 }),
    ).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(readdirSync(blobs.tempDir)).toEqual([]);
    expect(readdirSync(join(blobs.root, 'blobs'))).toEqual([]);
  });

  it('keeps nothing of a source that fails', async () => {
    const blobs = store();
    const failing = new Readable({
      read() {
        this.destroy(new Error('client went away'));
      },
    });
    await expect(blobs.put(failing)).rejects.toThrow('client went away');
    expect(readdirSync(blobs.tempDir)).toEqual([]);
  });

  it('quarantines a blob and its variants out of reach', async () => {
    const blobs = store();
    const { sha256 } = await blobs.put(Readable.from(['bad']));
    await blobs.putVariant(sha256, 'thumbnail', Buffer.from('thumb'));
    await blobs.quarantine(sha256);
    expect(await blobs.open(sha256)).toBeNull();
    expect(await blobs.openVariant(sha256, 'thumbnail')).toBeNull();
    expect(existsSync(blobs.quarantinePathOf(sha256))).toBe(true);
    await blobs.quarantine(sha256);
  });

  it('refuses keys that are not hashes', async () => {
    const blobs = store();
    await expect(blobs.open('../../etc/passwd')).rejects.toThrow(RangeError);
  });
});

import type { Readable } from 'node:stream';

/**
 * Where file contents live: a content-addressed store, keyed by the hex SHA-256 of the bytes.
 * The file records (names, uploaders, scan states) are in the `Store`; this holds only bytes.
 *
 * Implementations: `FsBlobStore` (the default, `<data-dir>/files/`). An S3-compatible one maps
 * each method onto objects the same way: `put` uploads to a temporary key (a multipart upload
 * with the hash computed while streaming) and copies it to `blobs/<sha256>` at the end,
 * `quarantine` copies to `quarantine/<sha256>` and deletes the served object, variants are
 * `blobs/<sha256>.<variant>`. Nothing outside this port may assume a filesystem.
 *
 * Rules every implementation keeps:
 * - `put` never holds the whole content in memory, and a failed or oversized `put` leaves
 *   nothing behind;
 * - a blob is visible under its key only once complete (write elsewhere, then rename/copy);
 * - putting the same bytes twice is harmless (same key, same content);
 * - a quarantined blob (and its variants) can no longer be opened, but is kept for inspection.
 */
export interface BlobStore {
  /** Streams `source` into the store; rejects with `BlobTooLargeError` past `maxBytes`. */
  put(source: Readable, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** A stream of the blob's bytes, or null when there is no such blob (or it is quarantined). */
  open(sha256: string): Promise<Readable | null>;
  exists(sha256: string): Promise<boolean>;
  /** Removes the blob and its variants; no-op when absent. */
  delete(sha256: string): Promise<void>;
  /** Moves the blob and its variants out of the served store; no-op when absent. */
  quarantine(sha256: string): Promise<void>;
  /** Stores a small derived rendition of a blob (a thumbnail); kept in memory by the caller. */
  putVariant(sha256: string, variant: BlobVariant, data: Buffer): Promise<void>;
  openVariant(sha256: string, variant: BlobVariant): Promise<Readable | null>;
}

export type BlobVariant = 'thumbnail';

export interface StoredBlob {
  /** Hex SHA-256 of the content: the blob's key. */
  sha256: string;
  size: number;
  /** The first bytes of the content (up to `SNIFF_BYTES`), for type sniffing. */
  head: Buffer;
}

/** How much of the start of a blob `put` keeps for MIME sniffing. */
export const SNIFF_BYTES = 64 * 1024;

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the content is larger than ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Keys are hashes only: nothing a caller passes can name another path or object. */
export function assertBlobKey(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new RangeError(`not a blob key: ${JSON.stringify(sha256)}`);
}

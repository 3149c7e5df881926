import type { Readable } from 'node:stream';
import type { FileRecord } from '@beacon/protocol';
import type { Logger } from '../logger';
import type { FileRepository, StoredFileRecord } from '../store/types';
import type { BlobStore } from './blob-store';
import { sanitizeFileName } from './file-name';
import { sniffMime } from './mime';
import { makeThumbnail, THUMBNAIL_SOURCE_TYPES } from './thumbnail';

export interface FileServiceOptions {
  files: FileRepository;
  blobs: BlobStore;
  logger: Logger;
  now: () => number;
  maxBytes: number;
  /** Told of each new file (the scan worker). */
  onUploaded: (file: StoredFileRecord) => void;
}

/** Uploads and the visibility rules of files; HTTP-free (routes.ts speaks HTTP). */
export class FileService {
  constructor(private readonly options: FileServiceOptions) {}

  /**
   * Streams the upload into the blob store (hashing it on the way; `BlobTooLargeError` past
   * the limit, leaving nothing behind), sniffs its type, makes a thumbnail of an image, and
   * records it as `pending`.
   */
  async upload(
    uploaderId: string,
    content: Readable,
    clientName: string | undefined,
  ): Promise<StoredFileRecord> {
    const { blobs, files, now } = this.options;
    const blob = await blobs.put(content, { maxBytes: this.options.maxBytes });
    const mime = await sniffMime(blob.head);
    const thumbnail = THUMBNAIL_SOURCE_TYPES.has(mime) ? await this.thumbnailOf(blob.sha256) : false;
    const file = await files.create({
      uploaderId,
      name: sanitizeFileName(clientName),
      size: blob.size,
      mime,
      sha256: blob.sha256,
      thumbnail,
      createdAt: now(),
    });
    this.options.logger.debug({ fileId: file.id, size: file.size, mime }, 'file uploaded');
    this.options.onUploaded(file);
    return file;
  }

  /** The file if `userId` may see it (uploader, or a member who could read a message with it). */
  async visibleTo(fileId: string, userId: string): Promise<StoredFileRecord | null> {
    const file = await this.options.files.byId(fileId);
    if (!file) return null;
    return (await this.options.files.isVisibleTo(fileId, userId)) ? file : null;
  }

  private async thumbnailOf(sha256: string): Promise<boolean> {
    const source = await this.options.blobs.open(sha256);
    if (!source) return false;
    const preview = await makeThumbnail(source);
    if (!preview) return false;
    await this.options.blobs.putVariant(sha256, 'thumbnail', preview);
    return true;
  }
}

/** The wire form of a file (protocol/src/files.ts). */
export function toFileRecord(file: StoredFileRecord): FileRecord {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    mime: file.mime,
    sha256: file.sha256,
    scan: file.scan,
    thumbnail: file.thumbnail,
  };
}

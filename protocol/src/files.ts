import { z } from 'zod';
import { fileScanSchema, idSchema } from './entities';
import { MESSAGE_V2_LIMITS } from './messages-v2';

/**
 * Files (docs/PROTOCOL.md "Messages v2", docs/protocol-notes.md "Files"): uploaded over HTTP
 * with the user's session token, scanned for viruses, attached to messages by id.
 */

export const FILE_PATHS = {
  upload: '/api/v1/files',
  download: '/api/v1/files/:id',
  info: '/api/v1/files/:id/info',
  thumbnail: '/api/v1/files/:id/thumbnail',
} as const;

/** The multipart field that carries the file. */
export const FILE_UPLOAD_FIELD = 'file';

export const FILE_LIMITS = {
  /** Default upper bound of an upload (server option `fileMaxBytes`). */
  defaultMaxBytes: 100 * 1024 * 1024,
  /** A stored file name, in UTF-16 code units, after sanitising. */
  nameMaxChars: 255,
  /** The longer side of a thumbnail, in pixels. */
  thumbnailMaxPixels: 320,
  /** Files one message may attach (`message:send` checks it). */
  attachmentsPerMessage: MESSAGE_V2_LIMITS.attachmentsMaxPerMessage,
} as const;

export const fileRecordSchema = z.object({
  id: idSchema,
  /** Sanitised: no path, no control characters, at most 255 characters. */
  name: z.string().min(1).max(FILE_LIMITS.nameMaxChars),
  size: z.number().int().nonnegative(),
  /** Sniffed from the content by the server; the client's type is ignored. */
  mime: z.string().min(1),
  /** Hex SHA-256 of the content. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  scan: fileScanSchema,
  /** Extension: `GET /api/v1/files/{id}/thumbnail` has a WebP preview (images only). */
  thumbnail: z.boolean(),
});
export type FileRecord = z.infer<typeof fileRecordSchema>;

/** `201` of `POST /api/v1/files` and `200` of `GET /api/v1/files/{id}/info`. */
export const fileResponseSchema = z.object({ file: fileRecordSchema });
export type FileResponse = z.infer<typeof fileResponseSchema>;

/** Extension, server → uploader's sessions: a file's scan finished (`clean` or `infected`). */
export const fileScannedEventSchema = z.object({ file: fileRecordSchema });
export type FileScannedPayload = z.infer<typeof fileScannedEventSchema>;

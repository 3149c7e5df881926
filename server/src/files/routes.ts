import type { Readable } from 'node:stream';
import { FILE_PATHS, FILE_UPLOAD_FIELD, type FileResponse } from '@beacon/protocol';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../http/bearer';
import { sendError } from '../http/errors';
import type { BearerSessions } from '../http/types';
import type { StoredFileRecord, UserRecord } from '../store/types';
import type { BlobStore } from './blob-store';
import { BlobTooLargeError } from './blob-store';
import { servedContentType } from './mime';
import { type FileService, toFileRecord } from './service';

/** Takes one upload from the user's allowance: 0 when allowed, else ms until the next one is. */
export interface UploadLimiter {
  take(userId: string): number;
}

export interface FileRoutesOptions {
  sessions: Pick<BearerSessions, 'resolve'>;
  service: FileService;
  blobs: BlobStore;
  limiter: UploadLimiter;
  maxBytes: number;
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** `POST /api/v1/files`, `GET /api/v1/files/:id` (+ `/info`, `/thumbnail`); docs/protocol-notes.md "Files". */
export async function fileRoutes(app: FastifyInstance, options: FileRoutesOptions): Promise<void> {
  const { service, blobs } = options;
  // Scoped to this plugin: multipart bodies are accepted on these routes only.
  await app.register(multipart, {
    limits: { fileSize: options.maxBytes + 1, files: 1, fields: 10, parts: 11, fieldSize: 1024 },
  });

  const userOf = async (request: FastifyRequest, reply: FastifyReply): Promise<UserRecord | null> => {
    const token = bearerToken(request);
    const user = token ? await options.sessions.resolve(token) : null;
    if (!user)
      sendError(reply, 401, 'unauthorized', 'authorization: a valid session Bearer token is required');
    return user;
  };

  app.post(FILE_PATHS.upload, async (request, reply) => {
    const user = await userOf(request, reply);
    if (!user) return reply;
    const waitMs = options.limiter.take(user.id);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      reply.header('Retry-After', String(seconds)).header('connection', 'close');
      return sendError(reply, 429, 'rate_limited', `too many uploads; retry in ${seconds} s`);
    }
    if (!request.isMultipart()) {
      return sendError(
        reply,
        400,
        'invalid',
        `payload: expected multipart/form-data with a "${FILE_UPLOAD_FIELD}" field`,
      );
    }
    try {
      const part = await request.file();
      if (!part || part.fieldname !== FILE_UPLOAD_FIELD) {
        part?.file.resume();
        return sendError(
          reply,
          400,
          'invalid',
          `${FILE_UPLOAD_FIELD}: expected one file in the "${FILE_UPLOAD_FIELD}" field`,
        );
      }
      const file = await service.upload(user.id, part.file, part.filename);
      const body: FileResponse = { file: toFileRecord(file) };
      return reply.code(201).send(body);
    } catch (error) {
      if (error instanceof BlobTooLargeError || statusOf(error) === 413) {
        reply.header('connection', 'close');
        return sendError(reply, 413, 'too_large', `file: larger than the limit of ${options.maxBytes} bytes`);
      }
      const status = statusOf(error);
      if (status !== null && status >= 400 && status < 500) {
        return sendError(reply, 400, 'invalid', `payload: ${(error as Error).message}`);
      }
      throw error;
    }
  });

  /** The file if the caller may see it; else the reply has been sent (401 / 404). */
  const visibleFile = async (request: IdRequest, reply: FastifyReply): Promise<StoredFileRecord | null> => {
    const user = await userOf(request, reply);
    if (!user) return null;
    const file = await service.visibleTo(request.params.id, user.id);
    if (!file) sendError(reply, 404, 'not_found', `id: no file ${request.params.id}`);
    return file;
  };

  /** Only clean files are served: pending → 409, infected → 403 (both `policy`). */
  const servable = (file: StoredFileRecord, reply: FastifyReply): boolean => {
    if (file.scan === 'pending') {
      sendError(reply, 409, 'policy', 'the file is waiting for its virus scan; try again later');
      return false;
    }
    if (file.scan === 'infected') {
      sendError(reply, 403, 'policy', 'the file is infected and blocked');
      return false;
    }
    return true;
  };

  app.get<{ Params: { id: string } }>(FILE_PATHS.info, async (request, reply) => {
    const file = await visibleFile(request, reply);
    if (!file) return reply;
    const body: FileResponse = { file: toFileRecord(file) };
    return body;
  });

  app.get<{ Params: { id: string } }>(FILE_PATHS.download, async (request, reply) => {
    const file = await visibleFile(request, reply);
    if (!file || !servable(file, reply)) return reply;
    const etag = `"${file.sha256}"`;
    setSafeHeaders(reply, etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const content = await blobs.open(file.sha256);
    if (!content) return missingBlob(request, reply, file);
    return reply
      .type(servedContentType(file.mime))
      .header('content-length', String(file.size))
      .header('content-disposition', attachmentDisposition(file.name))
      .send(content);
  });

  app.get<{ Params: { id: string } }>(FILE_PATHS.thumbnail, async (request, reply) => {
    const file = await visibleFile(request, reply);
    if (!file || !servable(file, reply)) return reply;
    const content: Readable | null = file.thumbnail
      ? await blobs.openVariant(file.sha256, 'thumbnail')
      : null;
    if (!content) return sendError(reply, 404, 'not_found', `id: file ${file.id} has no thumbnail`);
    setSafeHeaders(reply, `"${file.sha256}-thumbnail"`);
    return reply.type('image/webp').send(content);
  });
}

function setSafeHeaders(reply: FastifyReply, etag: string): void {
  reply
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-cache')
    .header('etag', etag);
}

function missingBlob(request: FastifyRequest, reply: FastifyReply, file: StoredFileRecord): FastifyReply {
  request.log.error(
    { fileId: file.id, sha256: file.sha256 },
    'a clean file has no content in the blob store',
  );
  return sendError(reply, 500, 'internal', 'internal server error');
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<RFC 5987 encoding>`. */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return null;
  const status = (error as { statusCode: unknown }).statusCode;
  return typeof status === 'number' ? status : null;
}

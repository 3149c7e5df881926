import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { FILE_LIMITS, FILE_PATHS, FILE_UPLOAD_FIELD, fileResponseSchema } from '@beacon/protocol';
import { z } from 'zod';

type Definitions = OpenAPIRegistry['definitions'][number];

export interface FilePathHelpers {
  json: (schema: z.ZodType, description: string) => ResponseConfig;
  failure: (description: string) => ResponseConfig;
  common: { 400: ResponseConfig; 401: ResponseConfig };
  rateLimited: ResponseConfig;
  schemas: Definitions[];
}

const toOpenApi = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The file routes (files/routes.ts) in the OpenAPI document (http/openapi.ts). */
export function registerFilePaths(registry: OpenAPIRegistry, helpers: FilePathHelpers): void {
  const { json, failure, common, rateLimited, schemas } = helpers;
  zodToOpenAPIRegistry.add(fileResponseSchema, { _internal: { refId: 'FileResponse' } });
  schemas.push({ type: 'schema', schema: fileResponseSchema });
  const security = [{ bearerAuth: [] }];
  const params = z.object({ id: z.string().describe('the file id') });
  const notFound = failure(
    '`not_found`: no such file, or the caller is neither its uploader nor a member who saw it',
  );
  const unscanned = {
    403: failure('`policy`: the file is infected and blocked'),
    409: failure('`policy`: the file is waiting for its virus scan'),
  };
  const safeHeaders = z.object({
    'X-Content-Type-Options': z.literal('nosniff'),
    ETag: z.string().describe('the SHA-256 of the content, quoted'),
  });

  registry.registerPath({
    method: 'post',
    path: FILE_PATHS.upload,
    tags: ['files'],
    summary: 'Upload a file (multipart)',
    description:
      `A session token. One file in the multipart field \`${FILE_UPLOAD_FIELD}\`, at most the server's ` +
      `fileMaxBytes (default ${FILE_LIMITS.defaultMaxBytes}). Its type is sniffed from the content; it is ` +
      'scanned for viruses before anyone can download it (`scan: pending`, then `clean` or `infected`).',
    security,
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { [FILE_UPLOAD_FIELD]: { type: 'string', format: 'binary' } },
              required: [FILE_UPLOAD_FIELD],
            },
          },
        },
      },
    },
    responses: {
      201: json(fileResponseSchema, 'stored, `scan: pending`'),
      ...common,
      413: failure('`too_large`: larger than the limit; nothing is kept'),
      429: rateLimited,
    },
  });
  registry.registerPath({
    method: 'get',
    path: toOpenApi(FILE_PATHS.info),
    tags: ['files'],
    summary: 'A file\u2019s record and current scan state',
    description: 'A session token of its uploader or of a member of a conversation it was sent in.',
    security,
    request: { params },
    responses: { 200: json(fileResponseSchema, 'the file'), 401: common[401], 404: notFound },
  });
  registry.registerPath({
    method: 'get',
    path: toOpenApi(FILE_PATHS.download),
    tags: ['files'],
    summary: 'Download a clean file',
    description:
      'Always `Content-Disposition: attachment`; HTML, SVG, XML and scripts are served as application/octet-stream.',
    security,
    request: { params },
    responses: {
      200: {
        description: 'the content',
        headers: safeHeaders,
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      304: { description: 'unchanged (If-None-Match)' },
      401: common[401],
      ...unscanned,
      404: notFound,
    },
  });
  registry.registerPath({
    method: 'get',
    path: toOpenApi(FILE_PATHS.thumbnail),
    tags: ['files'],
    summary: 'A WebP thumbnail of a clean image (at most 320 px)',
    description: 'The same access rules as the download.',
    security,
    request: { params },
    responses: {
      200: {
        description: 'the thumbnail',
        headers: safeHeaders,
        content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } },
      },
      401: common[401],
      ...unscanned,
      404: failure('`not_found`: as the download, or the file has no thumbnail'),
    },
  });
}

import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { FilePathHelpers } from '../../files/openapi';
import { COMPLIANCE_EXPORT_PATH } from './http-route';
import { ATTACHMENT_MODES, EXPORT_FORMATS } from './request';

/** The export route (compliance/export/http-route.ts) in the OpenAPI document (http/openapi.ts). */
export function registerComplianceExportPath(registry: OpenAPIRegistry, helpers: FilePathHelpers): void {
  const { failure, common } = helpers;
  const instant = (edge: string) =>
    z
      .string()
      .describe(
        `${edge}, inclusive: a UTC day (2026-03-31: the whole day) or a time with offset (2026-03-31T17:00:00Z)`,
      );
  registry.registerPath({
    method: 'get',
    path: COMPLIANCE_EXPORT_PATH,
    tags: ['admin'],
    summary: 'eDiscovery export of the compliance archive (a tar stream)',
    description:
      'A session token of a user with the `compliance` role. The same files as `admin compliance export` ' +
      'writes (docs/compliance.md, "Export (eDiscovery)"), streamed as a tar with manifest.json last; a ' +
      'download that ends without manifest.json is incomplete. Written to the audit log.',
    security: [{ bearerAuth: [] }],
    request: {
      query: z.object({
        from: instant('first day or instant'),
        to: instant('last day or instant'),
        format: z
          .enum(EXPORT_FORMATS)
          .describe(
            'archive-000001.jsonl, … or archive-000001.csv, … (parts of up to 64 MiB), or one .eml per message version',
          ),
        user: z.string().optional().describe('only the conversations this e-mail is or was a member of'),
        conversation: z.string().optional().describe('only this conversation'),
        attachments: z
          .enum(ATTACHMENT_MODES)
          .optional()
          .describe('eml only: `inline` puts files scanned clean into the mails (default `reference`)'),
      }),
    },
    responses: {
      200: {
        description: 'the export, as `attachment; filename="beacon-export-<from>-<to>.tar"`',
        content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } },
      },
      ...common,
      403: failure('`forbidden`: the signed-in user lacks the compliance role'),
      404: failure('`not_found`: no such user or conversation'),
    },
  });
}

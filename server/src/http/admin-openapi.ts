import { type OpenAPIRegistry, zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AUDIT_LIST_DEFAULT_LIMIT, AUDIT_LIST_MAX_LIMIT } from '../compliance/audit';
import type { FilePathHelpers } from '../files/openapi';
import { ADMIN_API_PATHS } from './admin-routes';
import { adminAuditResponseSchema, auditEntrySchema } from './admin-schemas';

/** The admin routes (http/admin-routes.ts) in the OpenAPI document (http/openapi.ts). */
export function registerAdminPaths(registry: OpenAPIRegistry, helpers: FilePathHelpers): void {
  const { json, failure, common, schemas } = helpers;
  for (const [refId, schema] of [
    ['AuditEntry', auditEntrySchema],
    ['AdminAuditResponse', adminAuditResponseSchema],
  ] as const) {
    zodToOpenAPIRegistry.add(schema, { _internal: { refId } });
    schemas.push({ type: 'schema', schema });
  }
  const instant = (edge: string) =>
    z
      .string()
      .optional()
      .describe(`${edge}: an ISO date (2026-03-01, a whole UTC day) or time (2026-03-01T09:30:00Z)`);

  registry.registerPath({
    method: 'get',
    path: ADMIN_API_PATHS.audit,
    tags: ['admin'],
    summary: 'The audit log of administrative actions',
    description:
      'A session token of a user with the `admin` role. Oldest first; the newest `limit` entries of ' +
      'the range. `until` is exclusive (a date: up to the end of that day).',
    security: [{ bearerAuth: [] }],
    request: {
      query: z.object({
        since: instant('from (inclusive)'),
        until: instant('to (exclusive)'),
        limit: z
          .string()
          .regex(/^\d+$/)
          .optional()
          .describe(
            `at most this many entries, 1 to ${AUDIT_LIST_MAX_LIMIT} (default ${AUDIT_LIST_DEFAULT_LIMIT})`,
          ),
      }),
    },
    responses: {
      200: json(adminAuditResponseSchema, 'the entries'),
      ...common,
      403: failure('`forbidden`: the signed-in user lacks the admin role'),
    },
  });
}

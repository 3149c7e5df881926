import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FilePathHelpers } from '../files/openapi';
import { type AdminAuthorizer, requireRole } from '../http/admin-auth';
import { sendError } from '../http/errors';
import type { BearerSessions } from '../http/types';
import type { Store } from '../store/types';
import { AuditService } from './audit';
import { loadPublicKeys } from './signing-key';
import { parseInclusiveRange } from './time-bounds';
import { verifyArchive } from './verify';

export const COMPLIANCE_VERIFY_PATH = '/api/admin/compliance/verify';

const problemSchema = z.object({
  where: z.string(),
  position: z.number().int().nullable(),
  reason: z.string(),
});
export const verifyReportSchema = z.object({
  ok: z.boolean(),
  chains: z.number().int(),
  entries: z.number().int(),
  auditEntries: z.number().int(),
  manifests: z.number().int(),
  problems: z.array(problemSchema),
  more: z.number().int(),
});

interface VerifyRouteOptions {
  store: Store;
  dataDir: string;
  authorize: AdminAuthorizer;
  now: () => number;
}

/**
 * `POST /api/admin/compliance/verify?from=&to=` (role compliance): `compliance verify` over HTTP,
 * for the admin console and monitoring. 200 with the report whatever it found (`ok` says); the
 * run is written to the audit log with the caller.
 */
async function verifyRoutes(app: FastifyInstance, options: VerifyRouteOptions): Promise<void> {
  app.post<{ Querystring: { from?: string; to?: string } }>(
    COMPLIANCE_VERIFY_PATH,
    async (request, reply) => {
      const caller = await options.authorize(request, reply);
      if (!caller) return reply;
      const { from, to } = request.query;
      if (typeof from === 'object' || typeof to === 'object')
        return sendError(reply, 400, 'invalid', 'give from and to once');
      const range = parseInclusiveRange(from, to);
      if (!range.ok) return sendError(reply, 400, 'invalid', `${range.field}: ${range.message}`);
      const report = await verifyArchive(options.store, loadPublicKeys(options.dataDir), {
        ...(range.from !== undefined ? { from: range.from } : {}),
        ...(range.until !== undefined ? { until: range.until } : {}),
      });
      await new AuditService(options.store.audit, options.now).record(
        caller.actor,
        'compliance.verify',
        null,
        {
          from: from ?? null,
          to: to ?? null,
          ok: report.ok,
          entries: report.entries,
          problems: report.problems.length + report.more,
          firstProblem: report.problems[0] ?? null,
        },
      );
      return report;
    },
  );
}

export async function installComplianceVerify(
  app: FastifyInstance,
  deps: { store: Store; sessions: BearerSessions; dataDir: string; now: () => number },
): Promise<void> {
  await app.register(verifyRoutes, {
    store: deps.store,
    dataDir: deps.dataDir,
    authorize: requireRole('compliance', deps.sessions),
    now: deps.now,
  });
}

export function registerComplianceVerifyPath(registry: OpenAPIRegistry, helpers: FilePathHelpers): void {
  const { json, failure, common } = helpers;
  registry.registerPath({
    method: 'post',
    path: COMPLIANCE_VERIFY_PATH,
    tags: ['admin'],
    summary: 'Verify the compliance archive (hash chains, signed manifests, audit log)',
    description:
      'A session token of a user with the `compliance` role. The same check as `admin compliance verify` ' +
      '(docs/compliance.md, "Verifying"); `ok: false` with the problems when anything is missing or altered. ' +
      'Written to the audit log.',
    security: [{ bearerAuth: [] }],
    request: {
      query: z.object({
        from: z.string().optional().describe('first UTC day (or ISO time), inclusive'),
        to: z.string().optional().describe('last UTC day (or ISO time), inclusive'),
      }),
    },
    responses: {
      200: json(verifyReportSchema, 'the report'),
      ...common,
      403: failure('`forbidden`: the signed-in user lacks the compliance role'),
    },
  });
}

import type { FastifyInstance } from 'fastify';
import { parseAuditQuery } from '../compliance/audit';
import type { AuditRepository } from '../store/ports/audit';
import { requireRole } from './admin-auth';
import type { AdminAuditResponse } from './admin-schemas';
import { sendError } from './errors';
import type { BearerSessions } from './types';

export const ADMIN_API_PATHS = {
  audit: '/api/admin/audit',
} as const;

export interface AdminRoutesOptions {
  sessions: BearerSessions;
  audit: Pick<AuditRepository, 'list'>;
}

type AuditQueryString = Record<'since' | 'until' | 'limit', string | string[] | undefined>;

/** The admin HTTP API (docs/protocol-notes.md, "Administration API (P12)"). */
export async function adminRoutes(app: FastifyInstance, options: AdminRoutesOptions): Promise<void> {
  const authorizeAdmin = requireRole('admin', options.sessions);

  app.get<{ Querystring: Partial<AuditQueryString> }>(ADMIN_API_PATHS.audit, async (request, reply) => {
    if (!(await authorizeAdmin(request, reply))) return reply;
    const raw: { since?: string; until?: string; limit?: string } = {};
    for (const name of ['since', 'until', 'limit'] as const) {
      const value = request.query[name];
      if (Array.isArray(value)) return sendError(reply, 400, 'invalid', `${name}: give it once`);
      if (value !== undefined) raw[name] = value;
    }
    const parsed = parseAuditQuery(raw, '');
    if (!parsed.ok) return sendError(reply, 400, 'invalid', parsed.message);
    const body: AdminAuditResponse = { entries: await options.audit.list(parsed.query) };
    return body;
  });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../store/ports/audit';
import type { Role, UserRecord } from '../store/types';
import { bearerToken } from './bearer';
import { sendError } from './errors';
import type { BearerSessions } from './types';

/** Who is calling an admin route: the user, and how the audit log names them. */
export interface AdminCaller {
  user: UserRecord;
  actor: AuditActor;
}

/**
 * Checks a request to an admin route. Null when it has already answered: `401 unauthorized`
 * without a valid session token (integration tokens are not sessions), `403 forbidden` when
 * the signed-in user lacks the role. Call it first in the handler and return the reply on null.
 */
export type AdminAuthorizer = (request: FastifyRequest, reply: FastifyReply) => Promise<AdminCaller | null>;

/** The authorizer of the admin routes that need `role` (docs/compliance.md, "Roles"). */
export function requireRole(role: Role, sessions: BearerSessions): AdminAuthorizer {
  return async (request, reply) => {
    const token = bearerToken(request);
    const user = token ? await sessions.resolve(token) : null;
    if (!user) {
      sendError(reply, 401, 'unauthorized', 'authorization: a valid Bearer session token is required');
      return null;
    }
    if (!user.roles.includes(role)) {
      sendError(reply, 403, 'forbidden', `this needs the ${role} role`);
      return null;
    }
    return { user, actor: httpActor(user, request) };
  };
}

/** The audit log's actor for an admin acting over HTTP: their e-mail and the client's address. */
export function httpActor(user: Pick<UserRecord, 'email'>, request: Pick<FastifyRequest, 'ip'>): AuditActor {
  return { actor: user.email, source: 'http', address: request.ip };
}

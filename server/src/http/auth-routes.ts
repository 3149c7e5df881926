import { HTTP_PATHS, type LoginResponse, loginRequestSchema, parsePayload } from '@beacon/protocol';
import type { FastifyInstance } from 'fastify';
import { bearerToken } from './bearer';
import { sendError } from './errors';
import type { Authenticator, BearerSessions, SessionTerminator } from './types';

export interface AuthRoutesOptions {
  login: Authenticator;
  sessions: BearerSessions;
  terminator: SessionTerminator;
}

export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  app.post(HTTP_PATHS.login, async (request, reply) => {
    const parsed = parsePayload(loginRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, parsed.error.code, parsed.error.message);
    const outcome = await options.login.login({ ...parsed.data, address: request.ip });
    if (outcome.ok) {
      const { id, email, name } = outcome.user;
      const body: LoginResponse = {
        token: outcome.token,
        user: { id, email, name },
        expiresAt: outcome.expiresAt,
      };
      return reply.code(200).send(body);
    }
    if (outcome.code === 'rate_limited') {
      const seconds = Math.max(1, Math.ceil((outcome.retryAfterMs ?? 1000) / 1000));
      reply.header('Retry-After', String(seconds));
      return sendError(reply, 429, 'rate_limited', outcome.message);
    }
    return sendError(reply, 401, 'unauthorized', outcome.message);
  });

  // Revoking an unknown or expired token succeeds too (like RFC 7009): the client is signed out either way.
  app.post(HTTP_PATHS.logout, async (request, reply) => {
    const token = bearerToken(request);
    if (!token) return sendError(reply, 401, 'unauthorized', 'authorization: a Bearer token is required');
    await options.sessions.revoke(token);
    options.terminator.endSessionsOfToken(token, 'signed_out');
    return reply.code(204).send();
  });
}

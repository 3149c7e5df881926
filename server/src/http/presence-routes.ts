import { LIMITS, type UserWithPresence } from '@beacon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PresenceEngine } from '../presence/engine';
import { toUserWithPresence } from '../realtime/services/user-views';
import type { UserRecord, UserRepository } from '../store/types';
import { bearerToken } from './bearer';
import { sendError } from './errors';
import type { BearerSessions } from './types';

export const PRESENCE_API_PATHS = {
  many: '/api/presence',
  one: '/api/users/:email/presence',
} as const;

export interface PresenceRoutesOptions {
  sessions: BearerSessions;
  users: Pick<UserRepository, 'byEmail'>;
  presence: PresenceEngine;
}

/** Read-only presence for other applications (docs/presence-api.md). */
export async function presenceRoutes(app: FastifyInstance, options: PresenceRoutesOptions): Promise<void> {
  const viewerOf = async (request: FastifyRequest, reply: FastifyReply): Promise<UserRecord | null> => {
    const token = bearerToken(request);
    const viewer = token ? await options.sessions.resolve(token) : null;
    if (!viewer) sendError(reply, 401, 'unauthorized', 'authorization: a valid Bearer token is required');
    return viewer;
  };
  const enabledByEmail = async (email: string) => {
    const user = await options.users.byEmail(email.trim().toLowerCase());
    return user && !user.disabled ? user : null;
  };

  app.get<{ Querystring: { emails?: string | string[] } }>(
    PRESENCE_API_PATHS.many,
    async (request, reply) => {
      const viewer = await viewerOf(request, reply);
      if (!viewer) return reply;
      const emails = parseEmailList(request.query.emails);
      if (emails.length === 0) {
        return sendError(reply, 400, 'invalid', 'emails: give one or more comma-separated e-mail addresses');
      }
      if (emails.length > LIMITS.subscribeMaxUserIds) {
        const message = `emails: at most ${LIMITS.subscribeMaxUserIds} addresses per request`;
        return sendError(reply, 400, 'invalid', message);
      }
      const users: UserWithPresence[] = [];
      const unknown: string[] = [];
      for (const email of emails) {
        const user = await enabledByEmail(email);
        if (user) users.push(toUserWithPresence(options.presence, viewer.id, user));
        else unknown.push(email);
      }
      return { users, unknown };
    },
  );

  app.get<{ Params: { email: string } }>(PRESENCE_API_PATHS.one, async (request, reply) => {
    const viewer = await viewerOf(request, reply);
    if (!viewer) return reply;
    const user = await enabledByEmail(request.params.email);
    if (!user) return sendError(reply, 404, 'not_found', `email: no user ${request.params.email}`);
    return { user: toUserWithPresence(options.presence, viewer.id, user) };
  });
}

/** `a@x,b@x` (or the parameter repeated): trimmed, lower-cased, without empties and repeats. */
function parseEmailList(raw: string | string[] | undefined): string[] {
  const lists = Array.isArray(raw) ? raw : [raw ?? ''];
  const emails = lists.flatMap((list) => list.split(',')).map((email) => email.trim().toLowerCase());
  return [...new Set(emails.filter((email) => email.length > 0))];
}

import { LIMITS, type UserWithPresence } from '@beacon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toUser } from '../accounts/public-user';
import type { PresenceService } from '../presence/service';
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
  presence: PresenceService;
}

/** Read-only presence for other applications (docs/presence-api.md). */
export async function presenceRoutes(app: FastifyInstance, options: PresenceRoutesOptions): Promise<void> {
  const viewerOf = async (request: FastifyRequest, reply: FastifyReply): Promise<UserRecord | null> => {
    const token = bearerToken(request);
    const viewer = token ? await options.sessions.resolve(token) : null;
    if (!viewer) sendError(reply, 401, 'unauthorized', 'authorization: a valid Bearer token is required');
    return viewer;
  };
  const enabledByEmail = (email: string) => enabledUserByEmail(options.users, email);

  app.get<{ Querystring: { emails?: string | string[] } }>(
    PRESENCE_API_PATHS.many,
    async (request, reply) => {
      const viewer = await viewerOf(request, reply);
      if (!viewer) return reply;
      const found = await presenceOfEmails(options, viewer.id, request.query.emails);
      if (!found.ok) return sendError(reply, 400, 'invalid', found.message);
      return { users: found.users, unknown: found.unknown };
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

export type PresenceOfEmails =
  | { ok: true; users: UserWithPresence[]; unknown: string[] }
  | { ok: false; message: string };

/**
 * The presence of the enabled users among `emails` (`a@x,b@x`, or the parameter repeated), as
 * `viewerId` sees them (null: as others see them); the rest are `unknown`. Shared by the v1 read
 * API and the integration API's `GET /api/v1/presence`.
 */
export async function presenceOfEmails(
  options: Pick<PresenceRoutesOptions, 'users' | 'presence'>,
  viewerId: string | null,
  raw: string | string[] | undefined,
): Promise<PresenceOfEmails> {
  const emails = parseEmailList(raw);
  if (emails.length === 0) {
    return { ok: false, message: 'emails: give one or more comma-separated e-mail addresses' };
  }
  if (emails.length > LIMITS.subscribeMaxUserIds) {
    return { ok: false, message: `emails: at most ${LIMITS.subscribeMaxUserIds} addresses per request` };
  }
  const users: UserWithPresence[] = [];
  const unknown: string[] = [];
  for (const email of emails) {
    const user = await enabledUserByEmail(options.users, email);
    if (!user) unknown.push(email);
    else if (viewerId === null)
      users.push({ ...toUser(user), presence: options.presence.presenceOf(user.id) });
    else users.push(toUserWithPresence(options.presence, viewerId, user));
  }
  return { ok: true, users, unknown };
}

/** The enabled user of that e-mail (trimmed, lower-cased), or null. */
export async function enabledUserByEmail(
  users: Pick<UserRepository, 'byEmail'>,
  email: string,
): Promise<UserRecord | null> {
  const user = await users.byEmail(email.trim().toLowerCase());
  return user && !user.disabled ? user : null;
}

/** `a@x,b@x` (or the parameter repeated): trimmed, lower-cased, without empties and repeats. */
function parseEmailList(raw: string | string[] | undefined): string[] {
  const lists = Array.isArray(raw) ? raw : [raw ?? ''];
  const emails = lists.flatMap((list) => list.split(',')).map((email) => email.trim().toLowerCase());
  return [...new Set(emails.filter((email) => email.length > 0))];
}

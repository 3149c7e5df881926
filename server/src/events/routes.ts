import { LIMITS } from '@beacon/protocol';
import type { FastifyInstance } from 'fastify';
import { bearerToken } from '../http/bearer';
import { sendError } from '../http/errors';
import type { BearerSessions } from '../http/types';
import type { ApiRateLimiter } from '../integrations/api-rate-limit';
import type { IntegrationRecord } from '../store/types';
import type { SseHub } from './sse-hub';

export const EVENTS_API_PATH = '/api/v1/events';

export interface EventRoutesOptions {
  integrations: { resolve(token: string): Promise<IntegrationRecord | null> };
  /** Only to tell a session token (403) from an unknown one (401). */
  sessions: Pick<BearerSessions, 'resolve'>;
  /** Opening a stream is a request like any other of the token's. */
  rateLimiter: ApiRateLimiter;
  hub: SseHub;
}

/**
 * `GET /api/v1/events?emails=a,b` (docs/integrations.md, "Live events"): a text/event-stream of
 * presence changes for an integration token with `events:read`. Session tokens are refused:
 * a stream is a long-lived server resource, given only to integrations an administrator made.
 */
export async function eventRoutes(app: FastifyInstance, options: EventRoutesOptions): Promise<void> {
  app.get<{ Querystring: { emails?: string | string[] } }>(EVENTS_API_PATH, async (request, reply) => {
    const token = bearerToken(request);
    if (!token) return sendError(reply, 401, 'unauthorized', 'authorization: a Bearer token is required');
    const integration = await options.integrations.resolve(token);
    if (!integration) {
      if (await options.sessions.resolve(token)) {
        return sendError(
          reply,
          403,
          'forbidden',
          'scope: session tokens cannot read events; use an integration token with events:read',
        );
      }
      return sendError(reply, 401, 'unauthorized', 'authorization: unknown, revoked or expired token');
    }
    if (!options.rateLimiter.admit(token, reply)) return reply;
    if (!integration.scopes.includes('events:read')) {
      return sendError(reply, 403, 'forbidden', 'scope: this token does not have events:read');
    }
    const open = options.hub.streamsOf(integration.name);
    const max = options.hub.maxStreamsPerReader;
    if (open >= max) {
      reply.header('Retry-After', '1');
      return sendError(
        reply,
        429,
        'rate_limited',
        `too many open event streams: at most ${max} per integration (${open} open); close one first`,
      );
    }
    const emails = parseEmailFilter(request.query.emails);
    if (!emails.ok) return sendError(reply, 400, 'invalid', emails.message);

    const lastEventId = request.headers['last-event-id'];
    const resumeFrom = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
    // From here on the stream is written by the hub, not by Fastify.
    reply.hijack();
    options.hub.open(
      reply.raw,
      emails.set,
      integration.name,
      resumeFrom === undefined || resumeFrom === ''
        ? { kind: 'fresh' }
        : { kind: 'resume', lastEventId: resumeFrom.trim() },
    );
    request.log.info(
      { integration: integration.name, emails: emails.set?.size ?? 'all', resumeFrom: resumeFrom ?? null },
      'event stream opened',
    );
  });
}

type EmailFilter = { ok: true; set: ReadonlySet<string> | null } | { ok: false; message: string };

/** `a@x,b@x` (or repeated): lower-cased; omitted: every user. Unknown addresses just never match. */
function parseEmailFilter(raw: string | string[] | undefined): EmailFilter {
  if (raw === undefined) return { ok: true, set: null };
  const lists = Array.isArray(raw) ? raw : [raw];
  const emails = lists
    .flatMap((list) => list.split(','))
    .map((email) => email.trim().toLowerCase())
    .filter((email) => email.length > 0);
  if (emails.length === 0) {
    return { ok: false, message: 'emails: give comma-separated e-mail addresses, or leave it out for all' };
  }
  const set = new Set(emails);
  if (set.size > LIMITS.subscribeMaxUserIds) {
    return { ok: false, message: `emails: at most ${LIMITS.subscribeMaxUserIds} addresses per stream` };
  }
  const bad = emails.find((email) => !/^[^\s@]+@[^\s@]+$/.test(email));
  if (bad !== undefined) return { ok: false, message: `emails: "${bad}" is not an e-mail address` };
  return { ok: true, set };
}

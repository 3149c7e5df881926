import {
  CLAIM_ID_PATTERN,
  type ClaimPutResponse,
  claimPutRequestSchema,
  INTEGRATION_API_PATHS,
  INTEGRATION_LIMITS,
  type IntegrationClaim,
  type IntegrationScope,
  parsePayload,
} from '@beacon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../http/bearer';
import { sendError } from '../http/errors';
import { enabledUserByEmail, presenceOfEmails } from '../http/presence-routes';
import type { BearerSessions } from '../http/types';
import type { PresenceService } from '../presence/service';
import type { IntegrationRecord, UserRecord, UserRepository } from '../store/types';
import type { ApiRateLimiter } from './api-rate-limit';

export interface IntegrationApiOptions {
  integrations: { resolve(token: string): Promise<IntegrationRecord | null> };
  sessions: BearerSessions;
  users: Pick<UserRepository, 'byEmail'>;
  presence: PresenceService;
  rateLimiter: ApiRateLimiter;
  now: () => number;
}

/** Who made the request: an integration with its scopes, or a signed-in user (`presence:read` only). */
export type ApiCaller =
  | { kind: 'integration'; name: string; scopes: readonly IntegrationScope[] }
  | { kind: 'user'; user: UserRecord; scopes: readonly IntegrationScope[] };

const USER_SCOPES: readonly IntegrationScope[] = ['presence:read'];

/**
 * The integration API, `/api/v1/*` (docs/integrations.md): bearer tokens with scopes,
 * a token bucket per token, status claims and presence reads. The token table is read on
 * every request, so a revoke or rotate from the admin CLI applies at the next request.
 */
export async function integrationApiRoutes(
  app: FastifyInstance,
  options: IntegrationApiOptions,
): Promise<void> {
  /** The caller, or null once a 401, 429 or 403 was sent. */
  const authorize = async (
    request: FastifyRequest,
    reply: FastifyReply,
    scope: IntegrationScope,
  ): Promise<ApiCaller | null> => {
    const token = bearerToken(request);
    if (!token) {
      sendError(reply, 401, 'unauthorized', 'authorization: a Bearer token is required');
      return null;
    }
    const caller = await resolveCaller(token);
    if (!caller) {
      sendError(reply, 401, 'unauthorized', 'authorization: unknown, revoked or expired token');
      return null;
    }
    if (!options.rateLimiter.admit(token, reply)) return null;
    if (!caller.scopes.includes(scope)) {
      sendError(reply, 403, 'forbidden', `scope: this token does not have ${scope}`);
      return null;
    }
    return caller;
  };

  const resolveCaller = async (token: string): Promise<ApiCaller | null> => {
    const integration = await options.integrations.resolve(token);
    if (integration) return { kind: 'integration', name: integration.name, scopes: integration.scopes };
    const user = await options.sessions.resolve(token);
    return user ? { kind: 'user', user, scopes: USER_SCOPES } : null;
  };

  /** The claim's target and id, or null once a 400 or 404 was sent. */
  const claimTarget = async (
    params: ClaimParams,
    reply: FastifyReply,
  ): Promise<{ user: UserRecord; claimId: string } | null> => {
    if (!CLAIM_ID_PATTERN.test(params.claimId)) {
      const max = INTEGRATION_LIMITS.claimIdMaxChars;
      sendError(reply, 400, 'invalid', `claimId: 1 to ${max} letters, digits, ".", "_", "-" or ":"`);
      return null;
    }
    const user = await enabledUserByEmail(options.users, params.email);
    if (!user) {
      sendError(reply, 404, 'not_found', `email: no user ${params.email}`);
      return null;
    }
    return { user, claimId: params.claimId };
  };

  app.get<{ Querystring: { emails?: string | string[] } }>(
    INTEGRATION_API_PATHS.presence,
    async (request, reply) => {
      const caller = await authorize(request, reply, 'presence:read');
      if (!caller) return reply;
      const viewerId = caller.kind === 'user' ? caller.user.id : null;
      const found = await presenceOfEmails(options, viewerId, request.query.emails);
      if (!found.ok) return sendError(reply, 400, 'invalid', found.message);
      return { users: found.users, unknown: found.unknown };
    },
  );

  app.put<{ Params: ClaimParams }>(INTEGRATION_API_PATHS.claim, async (request, reply) => {
    const caller = await authorize(request, reply, 'presence:write');
    if (caller?.kind !== 'integration') return reply;
    const parsed = parsePayload(claimPutRequestSchema, request.body);
    if (!parsed.ok) return sendError(reply, 400, parsed.error.code, parsed.error.message);
    const body = parsed.data;
    const now = options.now();
    const maxMs = INTEGRATION_LIMITS.claimMaxMs;
    if (body.until !== undefined && body.until <= now) {
      return sendError(reply, 400, 'invalid', 'until: must be in the future');
    }
    if (body.until !== undefined && body.until - now > maxMs) {
      return sendError(reply, 400, 'invalid', 'until: a claim lasts at most 24 hours');
    }
    const target = await claimTarget(request.params, reply);
    if (!target) return reply;
    const until = body.until ?? (body.ttlSeconds !== undefined ? now + body.ttlSeconds * 1000 : now + maxMs);
    const claim: IntegrationClaim = {
      id: target.claimId,
      source: caller.name,
      status: body.status,
      activity: body.activity ? body.activity : null,
      until,
    };
    await options.presence.setClaim(target.user.id, claim);
    // A 200 means the claim is committed: it survives a crash from here on.
    await options.presence.whenPersisted();
    request.log.info(
      {
        integration: caller.name,
        action: 'claim.set',
        user: target.user.email,
        claimId: claim.id,
        status: claim.status,
        until,
      },
      'integration write',
    );
    const response: ClaimPutResponse = { claim, presence: options.presence.presenceOf(target.user.id) };
    return reply.code(200).send(response);
  });

  app.delete<{ Params: ClaimParams }>(INTEGRATION_API_PATHS.claim, async (request, reply) => {
    const caller = await authorize(request, reply, 'presence:write');
    if (caller?.kind !== 'integration') return reply;
    const target = await claimTarget(request.params, reply);
    if (!target) return reply;
    const existed = await options.presence.clearClaim(target.user.id, caller.name, target.claimId);
    await options.presence.whenPersisted();
    request.log.info(
      {
        integration: caller.name,
        action: 'claim.clear',
        user: target.user.email,
        claimId: target.claimId,
        existed,
      },
      'integration write',
    );
    return reply.code(204).send();
  });
}

interface ClaimParams {
  email: string;
  claimId: string;
}

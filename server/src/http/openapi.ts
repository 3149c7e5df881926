import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  zodToOpenAPIRegistry,
} from '@asteasolutions/zod-to-openapi';
import {
  BOT_MESSAGES_PATH,
  botMessageRequestSchema,
  botMessageResponseSchema,
  CLAIM_ID_PATTERN,
  claimPutRequestSchema,
  claimPutResponseSchema,
  HTTP_PATHS,
  healthResponseSchema,
  httpErrorResponseSchema,
  INTEGRATION_API_PATHS,
  type IntegrationScope,
  LIMITS,
  loginRequestSchema,
  loginResponseSchema,
  presenceReadResponseSchema,
  userPresenceResponseSchema,
} from '@beacon/protocol';
import { z } from 'zod';
import { registerComplianceExportPath } from '../compliance/export/openapi';
import { registerComplianceVerifyPath } from '../compliance/verify-route';
import { EVENTS_API_PATH } from '../events/routes';
import { registerFilePaths } from '../files/openapi';
import { registerAdminPaths } from './admin-openapi';
import { OPENAPI_PATH } from './openapi-route';
import { PRESENCE_API_PATHS } from './presence-routes';

export { OPENAPI_PATH };

/** A Fastify path (`/a/:b`) in OpenAPI form (`/a/{b}`). */
export function toOpenApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const BEARER = 'bearerAuth';

type OpenAPIDefinitions = OpenAPIRegistry['definitions'][number];

/**
 * Names a protocol schema as `#/components/schemas/<refId>`. The protocol's schemas exist before
 * this module could add `.openapi()` to zod (`registry.register` needs it), so the name goes into
 * the generator's own metadata registry instead; adding it again is harmless.
 */
function named<T extends z.ZodType>(schemas: OpenAPIDefinitions[], refId: string, schema: T): T {
  zodToOpenAPIRegistry.add(schema, { _internal: { refId } });
  schemas.push({ type: 'schema', schema });
  return schema;
}

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the protocol's zod schemas
 * (docs/integrations.md, "OpenAPI"). server/test/openapi.test.ts checks it against the routes
 * the app registers: a route missing here fails the test.
 */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const schemas: OpenAPIDefinitions[] = [];
  registry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    description:
      'A session token (POST /api/auth/login; presence:read, and the /api/admin routes for users with ' +
      'the role they name) or an integration token ' +
      '(admin CLI "integration add", with scopes presence:read, presence:write, messages:write, events:read).',
  });
  const error = named(schemas, 'Error', httpErrorResponseSchema);
  const loginRequest = named(schemas, 'LoginRequest', loginRequestSchema);
  const loginResponse = named(schemas, 'LoginResponse', loginResponseSchema);
  const health = named(schemas, 'HealthResponse', healthResponseSchema);
  const presenceRead = named(schemas, 'PresenceReadResponse', presenceReadResponseSchema);
  const userPresence = named(schemas, 'UserPresenceResponse', userPresenceResponseSchema);
  const claimRequest = named(schemas, 'ClaimPutRequest', claimPutRequestSchema);
  const claimResponse = named(schemas, 'ClaimPutResponse', claimPutResponseSchema);
  const messageRequest = named(schemas, 'BotMessageRequest', botMessageRequestSchema);
  const messageResponse = named(schemas, 'BotMessageResponse', botMessageResponseSchema);

  const json = (schema: z.ZodType, description: string): ResponseConfig => ({
    description,
    content: { 'application/json': { schema } },
  });
  const failure = (description: string): ResponseConfig => json(error, description);
  const rateLimited: ResponseConfig = {
    ...failure('`rate_limited`: too many requests for this token (or address, for login)'),
    headers: z.object({ 'Retry-After': z.string().describe('seconds to wait') }),
  };
  const secured = (scope: IntegrationScope) => [{ [BEARER]: [scope] }];
  const emailsQuery = (required: boolean) =>
    z.object({
      emails: (required ? z.string().min(1) : z.string().min(1).optional()).describe(
        `comma-separated e-mail addresses (or the parameter repeated), at most ${LIMITS.subscribeMaxUserIds}`,
      ),
    });
  const common = {
    400: failure('`invalid`: a malformed parameter or body, naming the field'),
    401: failure('`unauthorized`: no, an unknown, a revoked or an expired token'),
  };

  registry.registerPath({
    method: 'post',
    path: HTTP_PATHS.login,
    tags: ['auth'],
    summary: 'Sign in with e-mail and password',
    request: { body: { required: true, content: { 'application/json': { schema: loginRequest } } } },
    responses: {
      200: json(loginResponse, 'signed in: the bearer token, the user and when the token expires'),
      400: common[400],
      401: failure('`unauthorized`: wrong e-mail or password (the same answer for both)'),
      429: rateLimited,
    },
  });
  registry.registerPath({
    method: 'post',
    path: HTTP_PATHS.logout,
    tags: ['auth'],
    summary: 'Revoke the bearer token and end its sockets',
    description: 'Any Bearer token; an unknown or expired one succeeds too.',
    security: [{ [BEARER]: [] }],
    responses: { 204: { description: 'signed out' }, 401: failure('`unauthorized`: no Bearer token') },
  });
  registry.registerPath({
    method: 'get',
    path: HTTP_PATHS.health,
    tags: ['health'],
    summary: 'Health of this node and of what it depends on, public',
    responses: {
      200: json(health, '`ok`: the server is up and its store (and Redis, in cluster mode) answer'),
      503: json(
        health,
        '`degraded`: the store or Redis did not answer within 1 s; `draining`: shutting down',
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: OPENAPI_PATH,
    tags: ['health'],
    summary: 'This document, public',
    responses: {
      200: {
        description: 'the OpenAPI 3.1 document',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: PRESENCE_API_PATHS.many,
    tags: ['presence'],
    summary: 'Presence of several users (v1 read API, docs/presence-api.md)',
    description: 'A session token of a signed-in user.',
    security: [{ [BEARER]: [] }],
    request: { query: emailsQuery(true) },
    responses: { 200: json(presenceRead, 'the known users and the unknown addresses'), ...common },
  });
  registry.registerPath({
    method: 'get',
    path: toOpenApiPath(PRESENCE_API_PATHS.one),
    tags: ['presence'],
    summary: 'Presence of one user (v1 read API, docs/presence-api.md)',
    description: 'A session token of a signed-in user.',
    security: [{ [BEARER]: [] }],
    request: { params: z.object({ email: z.string().describe('the user\u2019s e-mail address') }) },
    responses: {
      200: json(userPresence, 'the user with presence'),
      401: common[401],
      404: failure('`not_found`: no enabled user of that e-mail'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: INTEGRATION_API_PATHS.presence,
    tags: ['integration'],
    summary: 'Presence of several users',
    description: 'Scope `presence:read` (session tokens have it).',
    security: secured('presence:read'),
    request: { query: emailsQuery(true) },
    responses: {
      200: json(presenceRead, 'the known users and the unknown addresses'),
      ...common,
      403: failure('`forbidden`: the token lacks presence:read'),
      429: rateLimited,
    },
  });
  const claimParams = z.object({
    email: z.string().describe('the user\u2019s e-mail address'),
    claimId: z.string().regex(CLAIM_ID_PATTERN).describe('unique per integration, e.g. call-42'),
  });
  registry.registerPath({
    method: 'put',
    path: toOpenApiPath(INTEGRATION_API_PATHS.claim),
    tags: ['integration'],
    summary: 'Set or replace a status claim',
    description: 'Scope `presence:write`, integration tokens only. The claim is durable once answered.',
    security: secured('presence:write'),
    request: {
      params: claimParams,
      body: { required: true, content: { 'application/json': { schema: claimRequest } } },
    },
    responses: {
      200: json(claimResponse, 'the claim as stored and the presence others now see'),
      ...common,
      403: failure('`forbidden`: the token lacks presence:write'),
      404: failure('`not_found`: no enabled user of that e-mail'),
      429: rateLimited,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: toOpenApiPath(INTEGRATION_API_PATHS.claim),
    tags: ['integration'],
    summary: 'Clear a status claim (idempotent)',
    description: 'Scope `presence:write`, integration tokens only.',
    security: secured('presence:write'),
    request: { params: claimParams },
    responses: {
      204: { description: 'cleared, or there was none' },
      ...common,
      403: failure('`forbidden`: the token lacks presence:write'),
      404: failure('`not_found`: no enabled user of that e-mail'),
      429: rateLimited,
    },
  });
  registry.registerPath({
    method: 'get',
    path: EVENTS_API_PATH,
    tags: ['integration'],
    summary: 'Live presence events (Server-Sent Events)',
    description:
      'Scope `events:read`, integration tokens only. Events `ready` and `presence`; resume with `Last-Event-ID`.',
    security: secured('events:read'),
    request: {
      query: emailsQuery(false),
      headers: z.object({
        'last-event-id': z.string().optional().describe('the id of the last event received, to resume'),
      }),
    },
    responses: {
      200: {
        description: 'a text/event-stream that stays open',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
      ...common,
      403: failure('`forbidden`: a session token, or the token lacks events:read'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: BOT_MESSAGES_PATH,
    tags: ['integration'],
    summary: 'A bot sends a message',
    description: 'Scope `messages:write`, a token acting as a bot ("admin bot add").',
    security: secured('messages:write'),
    request: { body: { required: true, content: { 'application/json': { schema: messageRequest } } } },
    responses: {
      200: json(messageResponse, 'a repeat of the clientId: the stored message'),
      201: json(messageResponse, 'sent'),
      ...common,
      403: failure('`forbidden` or `policy`: no messages:write, not a bot, or not allowed'),
      404: failure('`not_found`: no such user or conversation'),
      413: failure('`too_large`: the body is too large'),
      429: rateLimited,
    },
  });

  registerFilePaths(registry, { json, failure, common, rateLimited, schemas });
  registerAdminPaths(registry, { json, failure, common, rateLimited, schemas });
  registerComplianceExportPath(registry, { json, failure, common, rateLimited, schemas });
  registerComplianceVerifyPath(registry, { json, failure, common, rateLimited, schemas });

  return new OpenApiGeneratorV31([...schemas, ...registry.definitions]).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Beacon HTTP API',
      version: '1',
      description: 'Auth, presence reads, the integration API and bots (docs/integrations.md).',
    },
    servers: [{ url: '/' }],
  });
}

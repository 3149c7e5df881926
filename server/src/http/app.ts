import cors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { type IntegrationApiOptions, integrationApiRoutes } from '../integrations/api-routes';
import type { Logger } from '../logger';
import { type BeaconMetrics, installHttpMetrics } from '../metrics';
import type { PresenceService } from '../presence/service';
import type { AuditRepository, UserRepository } from '../store/types';
import { adminRoutes } from './admin-routes';
import { authRoutes } from './auth-routes';
import { installErrorHandler } from './errors';
import { type HealthRouteOptions, healthRoute } from './health-route';
import { openApiRoute } from './openapi-route';
import { presenceRoutes } from './presence-routes';
import type { Authenticator, BearerSessions, SessionTerminator } from './types';
import { installWebClient } from './web-client';

export interface HttpAppOptions {
  logger: Logger;
  login: Authenticator;
  sessions: BearerSessions;
  users: Pick<UserRepository, 'byEmail'>;
  /** The admin API's reads of the audit log (http/admin-routes.ts). */
  audit: Pick<AuditRepository, 'list'>;
  presence: PresenceService;
  /** The integration API's token lookup (integrations/service.ts). */
  integrations: IntegrationApiOptions['integrations'];
  apiRateLimiter: IntegrationApiOptions['rateLimiter'];
  /** Ends sockets on logout; the realtime gateway, created after the app (it needs the app's server). */
  terminator: SessionTerminator;
  corsOrigins: '*' | string[];
  trustProxy: boolean;
  webRoot: string | null;
  now: () => number;
  /** `GET /api/health`: this node's id, what it pings (the store; Redis in cluster mode) and whether it is draining. */
  health: Pick<HealthRouteOptions, 'node' | 'store' | 'redis' | 'isDraining'>;
  /** Serves `GET /metrics` and times every request; omitted (`--no-metrics`): neither. */
  metrics?: BeaconMetrics | undefined;
}

/** Request line and headers: 1,000 addresses of ~50 characters, URL-encoded. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** The HTTP side: auth, health, the presence API, the integration API, the admin API and the web client. */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  // Typed as Fastify's base logger so the instance keeps Fastify's default generics.
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    trustProxy: options.trustProxy,
    // One line per request would drown the log; failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // Upgraded socket.io connections are closed by the gateway; idle keep-alive ones here.
    forceCloseConnections: true,
    // Room for 1,000 e-mail addresses in a presence read's query string (Node's default: 16 KiB).
    http: { maxHeaderSize: MAX_HEADER_BYTES },
  });
  installErrorHandler(app);
  // Before every route, so the timing hook covers them all.
  if (options.metrics) installHttpMetrics(app, options.metrics);
  await app.register(cors, { origin: options.corsOrigins });
  await app.register(authRoutes, {
    login: options.login,
    sessions: options.sessions,
    terminator: options.terminator,
  });
  await app.register(healthRoute, { ...options.health, startedAt: options.now(), now: options.now });
  await app.register(openApiRoute);
  await app.register(presenceRoutes, {
    sessions: options.sessions,
    users: options.users,
    presence: options.presence,
  });
  await app.register(integrationApiRoutes, {
    integrations: options.integrations,
    sessions: options.sessions,
    users: options.users,
    presence: options.presence,
    rateLimiter: options.apiRateLimiter,
    now: options.now,
  });
  await app.register(adminRoutes, { sessions: options.sessions, audit: options.audit });
  installWebClient(app, { root: options.webRoot });
  return app;
}

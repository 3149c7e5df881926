import cors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../logger';
import type { PresenceEngine } from '../presence/engine';
import type { UserRepository } from '../store/types';
import { authRoutes } from './auth-routes';
import { installErrorHandler } from './errors';
import { healthRoute } from './health-route';
import { presenceRoutes } from './presence-routes';
import type { Authenticator, BearerSessions, SessionTerminator } from './types';
import { installWebClient } from './web-client';

export interface HttpAppOptions {
  logger: Logger;
  login: Authenticator;
  sessions: BearerSessions;
  users: Pick<UserRepository, 'byEmail'>;
  presence: PresenceEngine;
  /** Ends sockets on logout; the realtime gateway, created after the app (it needs the app's server). */
  terminator: SessionTerminator;
  corsOrigins: '*' | string[];
  trustProxy: boolean;
  webRoot: string | null;
  now: () => number;
}

/** The HTTP side: auth, health, the presence API and the web client. */
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
  });
  installErrorHandler(app);
  await app.register(cors, { origin: options.corsOrigins });
  await app.register(authRoutes, {
    login: options.login,
    sessions: options.sessions,
    terminator: options.terminator,
  });
  await app.register(healthRoute, { startedAt: options.now(), now: options.now });
  await app.register(presenceRoutes, {
    sessions: options.sessions,
    users: options.users,
    presence: options.presence,
  });
  installWebClient(app, { root: options.webRoot });
  return app;
}

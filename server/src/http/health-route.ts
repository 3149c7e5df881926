import { HTTP_PATHS } from '@beacon/protocol';
import type { FastifyInstance } from 'fastify';

export interface HealthRouteOptions {
  startedAt: number;
  now: () => number;
}

export async function healthRoute(app: FastifyInstance, options: HealthRouteOptions): Promise<void> {
  app.get(HTTP_PATHS.health, async () => ({
    status: 'ok',
    serverTime: options.now(),
    uptimeMs: options.now() - options.startedAt,
  }));
}

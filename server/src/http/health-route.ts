import { type DependencyHealth, type HealthResponse, HTTP_PATHS } from '@beacon/protocol';
import type { FastifyInstance } from 'fastify';

/** A dependency that does not answer within this is unhealthy: the check answers rather than hangs. */
export const HEALTH_PING_TIMEOUT_MS = 1_000;

/** Something the health check pings: the store, a Redis client. */
export interface Pingable {
  ping(): Promise<unknown>;
}

export interface HealthRouteOptions {
  startedAt: number;
  now: () => number;
  /** This node's id, reported as `node`. */
  node: string;
  store: Pingable;
  /** Cluster mode's Redis; omitted: no `redis` in the answer. */
  redis?: Pingable | undefined;
  /** True once the server is shutting down: 503 `draining`, so a load balancer stops sending it users. */
  isDraining?: (() => boolean) | undefined;
  pingTimeoutMs?: number;
}

/** `GET /api/health`: 200 `ok` when the store (and Redis, if any) answer, else 503 `degraded` or `draining`. */
export async function healthRoute(app: FastifyInstance, options: HealthRouteOptions): Promise<void> {
  const timeoutMs = options.pingTimeoutMs ?? HEALTH_PING_TIMEOUT_MS;
  app.get(HTTP_PATHS.health, async (_request, reply) => {
    const [store, redis] = await Promise.all([
      check(options.store, timeoutMs),
      options.redis ? check(options.redis, timeoutMs) : undefined,
    ]);
    const status: HealthResponse['status'] = options.isDraining?.()
      ? 'draining'
      : store.ok && (redis?.ok ?? true)
        ? 'ok'
        : 'degraded';
    const body: HealthResponse = {
      status,
      serverTime: options.now(),
      uptimeMs: options.now() - options.startedAt,
      node: options.node,
      store,
      ...(redis ? { redis } : {}),
    };
    return reply.code(status === 'ok' ? 200 : 503).send(body);
  });
}

async function check(dependency: Pingable, timeoutMs: number): Promise<DependencyHealth> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // A dependency that throws instead of rejecting is unhealthy too.
    await Promise.race([new Promise((resolve) => resolve(dependency.ping())), timeout]);
    return { ok: true, latencyMs: roundMs(performance.now() - startedAt) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Digits below 10 µs are timer noise. */
function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

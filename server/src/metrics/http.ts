import type { FastifyInstance } from 'fastify';
import type { BeaconMetrics } from './beacon-metrics';

export const METRICS_PATH = '/metrics';

/**
 * Times every HTTP request into `beacon_http_request_duration_seconds` by the matched route's
 * pattern (never the raw URL: labels stay bounded; no match is 'unmatched'), and serves the
 * registry at `GET /metrics`, without login: Prometheus scrapes it, and the reverse proxy keeps
 * it off the public side (docs/protocol-notes.md, "Metrics and health"). Call it on the root instance
 * before the routes, so the hook covers all of them and the not-found handler.
 */
export function installHttpMetrics(
  app: FastifyInstance,
  metrics: Pick<BeaconMetrics, 'httpResponse' | 'scrape'>,
): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpResponse(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  app.get(METRICS_PATH, async (_request, reply) => {
    const { contentType, body } = await metrics.scrape();
    return reply.type(contentType).send(body);
  });
}

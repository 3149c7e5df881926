import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createBeaconMetrics, UNMATCHED_ROUTE } from './beacon-metrics';
import { installHttpMetrics, METRICS_PATH } from './http';
import { parseExposition, sampleValue } from './testing';

const apps: Array<ReturnType<typeof Fastify>> = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function appWithMetrics() {
  const metrics = createBeaconMetrics({ nodeId: 'http-test', defaultMetrics: false });
  const app = Fastify();
  apps.push(app);
  installHttpMetrics(app, metrics);
  app.get('/api/users/:email/presence', async () => ({ ok: true }));
  await app.ready();
  return { app, metrics };
}

describe('installHttpMetrics', () => {
  it('labels requests by route pattern and status, never by raw URL', async () => {
    const { app, metrics } = await appWithMetrics();
    for (const email of ['a@acme.test', 'b@acme.test']) {
      expect((await app.inject(`/api/users/${email}/presence`)).statusCode).toBe(200);
    }
    expect((await app.inject('/no/such/path/123')).statusCode).toBe(404);
    const samples = parseExposition((await metrics.scrape()).body);
    const count = 'beacon_http_request_duration_seconds_count';
    expect(
      sampleValue(samples, count, { method: 'GET', route: '/api/users/:email/presence', status_code: '200' }),
    ).toBe(2);
    expect(sampleValue(samples, count, { route: UNMATCHED_ROUTE, status_code: '404' })).toBe(1);
    const routes = new Set(samples.filter((s) => s.name === count).map((s) => s.labels.route));
    expect([...routes].sort()).toEqual(['/api/users/:email/presence', UNMATCHED_ROUTE]);
  });

  it('serves GET /metrics with the registry content type', async () => {
    const { app } = await appWithMetrics();
    const response = await app.inject(METRICS_PATH);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('# TYPE beacon_ack_duration_seconds histogram');
  });
});

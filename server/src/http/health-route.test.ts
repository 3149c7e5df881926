import { healthResponseSchema } from '@beacon/protocol';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type HealthRouteOptions, healthRoute } from './health-route';

const apps: Array<ReturnType<typeof Fastify>> = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const healthy = { ping: async () => {} };
const hung = { ping: () => new Promise<never>(() => {}) };
const failing = {
  ping: async () => {
    throw new Error('connection refused');
  },
};

async function health(options: Partial<HealthRouteOptions>) {
  const app = Fastify();
  apps.push(app);
  let time = 10_000;
  await app.register(healthRoute, {
    startedAt: 4_000,
    now: () => time++,
    node: 'node-7',
    store: healthy,
    pingTimeoutMs: 50,
    ...options,
  });
  const response = await app.inject('/api/health');
  return { status: response.statusCode, body: healthResponseSchema.parse(response.json()) };
}

describe('GET /api/health', () => {
  it("answers 200 ok with v1's fields, the node and the store's round trip", async () => {
    const { status, body } = await health({});
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', serverTime: 10_000, node: 'node-7', store: { ok: true } });
    expect(body.uptimeMs).toBeGreaterThanOrEqual(6_000);
    expect(body.store.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body).not.toHaveProperty('redis');
  });

  it('answers 503 degraded when the store fails or does not answer in time', async () => {
    expect(await health({ store: failing })).toMatchObject({
      status: 503,
      body: { status: 'degraded', store: { ok: false, error: 'connection refused' } },
    });
    const started = performance.now();
    expect(await health({ store: hung })).toMatchObject({
      status: 503,
      body: { status: 'degraded', store: { ok: false, error: 'no answer within 50 ms' } },
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reports Redis when given one, and 503 when it fails', async () => {
    expect(await health({ redis: healthy })).toMatchObject({
      status: 200,
      body: { status: 'ok', redis: { ok: true } },
    });
    expect(await health({ redis: hung })).toMatchObject({
      status: 503,
      body: { status: 'degraded', store: { ok: true }, redis: { ok: false } },
    });
  });

  it('answers 503 draining while the server shuts down, even when all is well', async () => {
    expect(await health({ isDraining: () => true })).toMatchObject({
      status: 503,
      body: { status: 'draining', store: { ok: true } },
    });
  });
});

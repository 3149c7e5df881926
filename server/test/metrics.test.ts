import { type HealthResponse, healthResponseSchema } from '@beacon/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerConfigInput } from '../src/config/server-config';
import { parseExposition, type Sample, sampleValue } from '../src/metrics/testing';
import {
  postgresOrSkipReason,
  scratchSchemas,
  TEST_DATABASE_URL,
} from '../src/store/contract/postgres-test-database';
import { request } from './helpers/client';
import { openGroup, sendMessage } from './helpers/conversations';
import { startTestServer, type TestServer } from './helpers/test-server';

const NODE = 'metrics-test-node';

async function scrape(server: TestServer): Promise<{ contentType: string | null; samples: Sample[] }> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  return {
    contentType: response.headers.get('content-type'),
    samples: parseExposition(await response.text()),
  };
}

async function health(server: TestServer): Promise<{ status: number; body: HealthResponse }> {
  const response = await fetch(`${server.url}/api/health`);
  return { status: response.status, body: healthResponseSchema.parse(await response.json()) };
}

/** Alice sends Bob a message in a new group; Bob reads it. */
async function exchange(server: TestServer): Promise<void> {
  const alice = await server.connect('alice@acme.test');
  const bob = await server.connect('bob@acme.test');
  const conversationId = await openGroup({ socket: alice.socket, id: alice.user.id }, [
    { socket: bob.socket, id: bob.user.id },
  ]);
  const sent = await sendMessage({ socket: alice.socket, id: alice.user.id }, conversationId, 'measured');
  expect(await request(bob.socket, 'message:read', { conversationId, seq: sent.seq })).toMatchObject({
    ok: true,
  });
}

describe('GET /metrics on a real server (SQLite)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ nodeId: NODE });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts a connection, the sent message, its ack, its commit and the HTTP login', async () => {
    const alice = await t.connect('alice@acme.test');
    let { contentType, samples } = await scrape(t);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sampleValue(samples, 'beacon_socket_connections', { node: NODE })).toBe(1);
    alice.socket.close();

    await exchange(t);
    ({ samples } = await scrape(t));
    const send = { event: 'message:send', node: NODE };
    expect(sampleValue(samples, 'beacon_ack_duration_seconds_count', send)).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'beacon_socket_events_total', send)).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'beacon_messages_sent_total', { node: NODE })).toBeGreaterThanOrEqual(1);
    const commits = 'beacon_store_commit_duration_seconds_count';
    expect(sampleValue(samples, commits, { operation: 'append', node: NODE })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, commits, { operation: 'read', node: NODE })).toBeGreaterThanOrEqual(1);
    const login = { method: 'POST', route: '/api/auth/login', status_code: '200', node: NODE };
    expect(sampleValue(samples, 'beacon_http_request_duration_seconds_count', login)).toBeGreaterThanOrEqual(
      1,
    );
    expect(sampleValue(samples, 'process_resident_memory_bytes', { node: NODE })).toBeGreaterThan(0);
    // Every series names this node.
    expect(samples.filter((sample) => sample.labels.node !== NODE)).toEqual([]);
  });

  it('answers /api/health 200 with the store round trip', async () => {
    const { status, body } = await health(t);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', node: NODE, store: { ok: true } });
    expect(body.store.latencyMs).toBeLessThan(1_000);
  });

  describe('when the store does not answer', () => {
    afterEach(() => vi.restoreAllMocks());

    it('answers 503 degraded for a failing ping, and within about a second for a hung one', async () => {
      vi.spyOn(t.server.store, 'ping').mockRejectedValueOnce(new Error('disk I/O error'));
      expect(await health(t)).toMatchObject({
        status: 503,
        body: { status: 'degraded', store: { ok: false, error: 'disk I/O error' } },
      });
      vi.spyOn(t.server.store, 'ping').mockReturnValueOnce(new Promise<never>(() => {}));
      const started = performance.now();
      expect(await health(t)).toMatchObject({ status: 503, body: { store: { ok: false } } });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect((await health(t)).status).toBe(200);
    });
  });
});

describe('the store closed under a running server', () => {
  it('answers /api/health 503 from the real SQLite error', async () => {
    const t = await startTestServer();
    try {
      expect((await health(t)).status).toBe(200);
      await t.server.store.close();
      const { status, body } = await health(t);
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'degraded', store: { ok: false, error: expect.any(String) } });
    } finally {
      await t.close();
    }
  });
});

describe('--no-metrics', () => {
  it('serves no /metrics, and health as before', async () => {
    const t = await startTestServer({ metrics: false });
    try {
      expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
      expect((await health(t)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

const unavailable = await postgresOrSkipReason();
const schemas = scratchSchemas();

describe.skipIf(unavailable !== null)('metrics and health on PostgreSQL', () => {
  let t: TestServer | undefined;
  beforeAll(async () => {
    const postgres: Partial<ServerConfigInput> = {
      store: 'postgres',
      databaseUrl: TEST_DATABASE_URL,
      databaseSchema: schemas.name(),
    };
    t = await startTestServer({ ...postgres, nodeId: NODE });
  });
  afterAll(async () => {
    await t?.close();
    await schemas.dropAll();
  });

  it('times the commits and answers health from a SELECT 1', async () => {
    if (!t) throw new Error('the server did not start');
    await exchange(t);
    const { samples } = await scrape(t);
    const commits = 'beacon_store_commit_duration_seconds_count';
    expect(sampleValue(samples, commits, { operation: 'append', node: NODE })).toBeGreaterThanOrEqual(1);
    const { status, body } = await health(t);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', store: { ok: true } });
  });
});

import type { Presence } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../src/config/server-config';
import {
  postgresOrSkipReason,
  scratchSchemas,
  TEST_DATABASE_URL,
} from '../src/store/contract/postgres-test-database';
import { PrivateRedis, privateServicesMissing } from './faults/harness/private-services';
import { type AckResponse, EventLog, request } from './helpers/client';
import { openGroup, sendMessage } from './helpers/conversations';
import { startTestServer, type TestServer } from './helpers/test-server';

const unavailable = (await postgresOrSkipReason()) ?? privateServicesMissing();
if (unavailable && process.env.CI) throw new Error(`the Redis outage test needs ${unavailable}`);
const schemas = scratchSchemas();

/** Resolves once `check` holds, polling; rejects after `timeoutMs`. */
async function eventually(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(unavailable !== null)('two nodes while their Redis is away', () => {
  let redis: PrivateRedis | null = null;
  const nodes: TestServer[] = [];
  const node = (index: number): TestServer => {
    const found = nodes[index];
    if (!found) throw new Error('the nodes did not start');
    return found;
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const shared: Partial<ServerConfigInput> = {
      store: 'postgres',
      databaseUrl: TEST_DATABASE_URL,
      databaseSchema: schemas.name(),
      redisUrl: redis.url,
      clusterLeaseMs: 4000,
    };
    nodes.push(await startTestServer({ ...shared, nodeId: 'a' }));
    nodes.push(await startTestServer({ ...shared, nodeId: 'b' }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await redis?.kill();
    await schemas.dropAll();
  });

  it('keeps messaging on each node, then carries presence and fan-out again once Redis is back', async () => {
    const alice = await node(0).connect('alice@acme.test');
    const bob = await node(1).connect('bob@acme.test');
    const conversationId = await openGroup({ socket: alice.socket, id: alice.user.id }, [
      { socket: bob.socket, id: bob.user.id },
    ]);
    await redis?.kill();

    // A session that connects now still gets `ready` (its presence follows later) and can send.
    const startedAt = Date.now();
    const carol = await node(0).connect('carol@acme.test');
    expect(Date.now() - startedAt).toBeLessThan(8000);
    const sent = await sendMessage(
      { socket: alice.socket, id: alice.user.id },
      conversationId,
      'during the outage',
    );
    expect(sent.seq).toBeGreaterThan(0);

    await redis?.restart(0);
    // Carol's session reaches presence on both nodes, and node b learns it too.
    await eventually(
      () => [0, 1].every((i) => node(i).server.presence.presenceOf(carol.user.id).status === 'available'),
      10_000,
    );
    // Fan-out resumed: a status set on node a reaches a watcher on node b.
    const seen = new EventLog(bob.socket, 'presence');
    const subscribed = await request<AckResponse & { presences: Presence[] }>(
      bob.socket,
      'presence:subscribe',
      {
        userIds: [alice.user.id],
      },
    );
    expect(subscribed.ok).toBe(true);
    await request(alice.socket, 'presence:set', { status: 'busy', message: 'after the outage' });
    expect(await seen.waitFor((p) => p.userId === alice.user.id && p.status === 'busy')).toMatchObject({
      message: 'after the outage',
    });
    const delivered = new EventLog(bob.socket, 'message');
    const after = await sendMessage(
      { socket: alice.socket, id: alice.user.id },
      conversationId,
      'after the outage',
    );
    expect((await delivered.waitFor((m) => m.message.id === after.id)).message.seq).toBe(sent.seq + 1);
  }, 60_000);
});

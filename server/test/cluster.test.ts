import type { Message, Presence } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../src/config/server-config';
import {
  postgresOrSkipReason,
  scratchSchemas,
  TEST_DATABASE_URL,
} from '../src/store/contract/postgres-test-database';
import { type AckResponse, EventLog, request, settle, type TestSocket } from './helpers/client';
import { openGroup, sendMessage } from './helpers/conversations';
import { redisOrSkipReason, scratchRedisPrefix, TEST_REDIS_URL } from './helpers/redis';
import { startTestServer, TEST_GRACE_MS, type TestServer } from './helpers/test-server';

const unavailable = (await postgresOrSkipReason()) ?? (await redisOrSkipReason());
const schemas = scratchSchemas();
const redis = scratchRedisPrefix();

interface Session {
  socket: TestSocket;
  id: string;
  presence: EventLog<'presence'>;
}

async function session(node: TestServer, email: string): Promise<Session> {
  const { socket, user } = await node.connect(email);
  return { socket, id: user.id, presence: new EventLog(socket, 'presence') };
}

const subscribe = (from: Session, userIds: string[]) =>
  request<AckResponse & { presences: Presence[] }>(from.socket, 'presence:subscribe', { userIds });

/** Resolves once `check` holds, polling; rejects after `timeoutMs`. */
async function eventually(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(unavailable !== null)('two nodes on one PostgreSQL and one Redis', () => {
  const schema = schemas.name();
  const nodes: TestServer[] = [];
  const node = (index: 0 | 1): TestServer => {
    const found = nodes[index];
    if (!found) throw new Error('the nodes did not start');
    return found;
  };

  let shared: Partial<ServerConfigInput> = {};
  beforeAll(async () => {
    shared = {
      store: 'postgres',
      databaseUrl: TEST_DATABASE_URL,
      databaseSchema: schema,
      redisUrl: TEST_REDIS_URL,
      redisKeyPrefix: redis.prefix,
      clusterLeaseMs: 1000,
    };
    // Both at once on a fresh database: migrations and the demo seed must cope.
    nodes.push(
      ...(await Promise.all([
        startTestServer({ ...shared, nodeId: 'a' }),
        startTestServer({ ...shared, nodeId: 'b' }),
      ])),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await schemas.dropAll();
    await redis.dropAll();
  });

  it('has one leader, which alone signed the archive manifest of the day', async () => {
    expect(nodes.filter((n) => n.server.cluster?.isLeader()).length).toBe(1);
    expect(await node(0).server.store.archive.manifests()).toHaveLength(1);
  });

  it('carries messages, read marks, typing and edits from a user on one node to a user on the other', async () => {
    const alice = await session(node(0), 'alice@acme.test');
    const bob = await session(node(1), 'bob@acme.test');
    const conversationId = await openGroup(alice, [bob], 'cross-node');
    const received = new EventLog(bob.socket, 'message');
    const sent = await sendMessage(alice, conversationId, 'hello from node a');
    const delivered = await received.waitFor((m) => m.message.id === sent.id);
    expect(delivered.message).toMatchObject({ body: 'hello from node a', seq: sent.seq });

    const reads = new EventLog(alice.socket, 'read');
    await request(bob.socket, 'message:read', { conversationId, seq: sent.seq });
    expect(await reads.waitFor((r) => r.userId === bob.id)).toMatchObject({ conversationId, seq: sent.seq });

    const typing = new EventLog(bob.socket, 'typing');
    alice.socket.emit('typing', { conversationId, typing: true });
    expect(await typing.waitFor((t) => t.userId === alice.id)).toMatchObject({
      conversationId,
      typing: true,
    });

    const updates = new EventLog(bob.socket, 'message:updated');
    const edit = await request(alice.socket, 'message:edit', { messageId: sent.id, body: 'edited on a' });
    expect(edit.ok).toBe(true);
    expect(await updates.waitFor()).toMatchObject({ message: { id: sent.id, body: 'edited on a' } });

    // Bob answers from node b: Alice on node a gets it, every seq once and in order.
    const replies = new EventLog(alice.socket, 'message');
    const back: Message[] = [];
    for (let i = 0; i < 5; i++) back.push(await sendMessage(bob, conversationId, `reply ${i}`));
    await replies.waitFor((m) => m.message.id === back[4]?.id);
    expect(replies.events.map((m) => m.message.seq)).toEqual(back.map((m) => m.seq));
  });

  it('shows a status, a claim and a chosen note set on one node to watchers on the other', async () => {
    const carol = await session(node(0), 'carol@acme.test');
    const dave = await session(node(1), 'dave@acme.test');
    const subscribed = await subscribe(dave, [carol.id]);
    expect(subscribed.presences[0]).toMatchObject({ userId: carol.id, status: 'available' });

    await request(carol.socket, 'presence:set', { status: 'busy', message: 'Quarterly close' });
    expect(await dave.presence.waitFor((p) => p.userId === carol.id && p.status === 'busy')).toMatchObject({
      message: 'Quarterly close',
    });

    await request(carol.socket, 'presence:set', { status: 'available', message: null });
    await dave.presence.waitFor((p) => p.userId === carol.id && p.status === 'available');
    carol.presence.clear();
    // A phone system's claim, taken by node b: Carol's own session on node a sees it too.
    await node(1).server.presence.setClaim(carol.id, {
      id: 'call-1',
      source: 'phone',
      status: 'busy',
      activity: 'On a call',
    });
    await carol.presence.waitFor((p) => p.userId === carol.id && p.status === 'busy');
    expect(node(0).server.presence.presenceOf(carol.id)).toMatchObject({
      status: 'busy',
      activity: 'On a call',
    });
    expect(await node(1).server.presence.clearClaim(carol.id, 'phone', 'call-1')).toBe(true);
    await dave.presence.waitFor((p) => p.userId === carol.id && p.status === 'available' && !p.activity);
  });

  it('gives a user with sessions on both nodes the contract multi-session presence', async () => {
    const erin = await session(node(0), 'erin@acme.test');
    const watcher = await session(node(0), 'frank@acme.test');
    await subscribe(watcher, [erin.id]);
    const erinOnB = await session(node(1), 'erin@acme.test');
    // The session on b goes idle: Erin stays available while her session on a is active.
    await request(erinOnB.socket, 'device:activity', { state: 'idle', since: Date.now() - 60_000 });
    await settle(200);
    expect(node(0).server.presence.presenceOf(erin.id).status).toBe('available');
    expect(node(1).server.presence.presenceOf(erin.id).status).toBe('available');
    // The active session leaves: only the idle one on the other node remains.
    erin.socket.close();
    await watcher.presence.waitFor((p) => p.userId === erin.id && p.status === 'away');
    // The last one leaves: offline after the grace period, on both nodes alike.
    erinOnB.socket.close();
    await watcher.presence.waitFor(
      (p) => p.userId === erin.id && p.status === 'offline',
      TEST_GRACE_MS + 5000,
    );
    // Each node reads the presence log on its own: the other one may apply the entry a moment later.
    await eventually(() => {
      const [onA, onB] = [0, 1].map((i) => node(i as 0 | 1).server.presence.presenceOf(erin.id));
      return onA?.status === 'offline' && JSON.stringify(onA) === JSON.stringify(onB);
    }, 5000);
  });

  it('gives a node that joins later the sessions the others host, with their device states and since when', async () => {
    const alice = await session(node(0), 'alice@acme.test');
    await request(alice.socket, 'device:activity', { state: 'idle', since: Date.now() - 120_000 });
    const bob = await session(node(1), 'bob@acme.test');
    await request(bob.socket, 'presence:set', { status: 'busy', message: 'Joining test' });
    await settle(200);
    const third = await startTestServer({ ...shared, nodeId: 'c' });
    nodes.push(third);
    for (const user of [alice, bob]) {
      expect(third.server.presence.presenceOf(user.id)).toEqual(node(0).server.presence.presenceOf(user.id));
      expect(third.server.presence.sessionCount(user.id)).toBe(node(0).server.presence.sessionCount(user.id));
    }
    // And it takes part from then on: a change on node b reaches a watcher on node c.
    const watcher = await session(third, 'carol@acme.test');
    await subscribe(watcher, [bob.id]);
    await request(bob.socket, 'presence:set', { status: 'available', message: null });
    expect(await watcher.presence.waitFor((p) => p.userId === bob.id)).toMatchObject({ status: 'available' });
  });

  it('alerts a watcher on one node when the watched user connects on the other', async () => {
    const grace = await session(node(0), 'grace@acme.test');
    const alerts = new EventLog(grace.socket, 'presence:alert');
    const henry = await node(1).token('henry@acme.test');
    const ack = await request(grace.socket, 'presence:watch', { userId: henry.user.id });
    expect(ack.ok).toBe(true);
    await session(node(1), 'henry@acme.test');
    expect(await alerts.waitFor()).toMatchObject({
      userId: henry.user.id,
      presence: { status: 'available' },
    });
  });

  it('ends sessions on every node: a logout on one node, a disabled account on all', async () => {
    const onA = await node(0).connect('frank@acme.test');
    const ended = new EventLog(onA.socket, 'session:ended');
    const logout = await fetch(`${node(1).url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${onA.token}` },
    });
    expect(logout.status).toBeLessThan(300);
    expect(await ended.waitFor()).toMatchObject({ reason: 'signed_out' });

    const henryA = await node(0).connect('henry@acme.test');
    const henryB = await node(1).connect('henry@acme.test');
    const endedA = new EventLog(henryA.socket, 'session:ended');
    const endedB = new EventLog(henryB.socket, 'session:ended');
    await node(0).server.store.users.setDisabled(henryA.user.id, true);
    expect(await endedA.waitFor()).toMatchObject({ reason: 'disabled' });
    expect(await endedB.waitFor()).toMatchObject({ reason: 'disabled' });
    await settle(300);
    // Once per socket, not once per node.
    expect(endedA.events).toHaveLength(1);
    expect(endedB.events).toHaveLength(1);
  });
});

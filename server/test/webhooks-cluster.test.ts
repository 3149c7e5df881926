import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeaconEvent } from '../src/events/bus';
import { IntegrationService } from '../src/integrations/service';
import {
  postgresOrSkipReason,
  scratchSchemas,
  TEST_DATABASE_URL,
} from '../src/store/contract/postgres-test-database';
import { runAdminInProcess } from './helpers/admin';
import { redisOrSkipReason, scratchRedisPrefix, TEST_REDIS_URL } from './helpers/redis';
import { startTestServer, type TestServer } from './helpers/test-server';
import { claim, Receiver, signatureIsValid, sleep, waitFor } from './helpers/webhook-receiver';

const unavailable = (await postgresOrSkipReason()) ?? (await redisOrSkipReason());
const schemas = scratchSchemas();
const redis = scratchRedisPrefix();
const FAST_WEBHOOKS = { backoff: { baseMs: 100, maxMs: 400 }, pollMs: 50 };
const SECRET = 'cluster-secret-0123456789';
/** Room for a wrong second delivery (from the other node, or a retry) to show up. */
const SETTLE_MS = 800;

describe.skipIf(unavailable !== null)('webhooks on two nodes on one PostgreSQL and one Redis', () => {
  const schema = schemas.name();
  const flags = ['--store', 'postgres', '--database-url', TEST_DATABASE_URL, '--database-schema', schema];
  const nodes: TestServer[] = [];
  const seen: BeaconEvent[][] = [[], []];
  const receiver = new Receiver();
  let webhookId = '';
  let phone = '';
  const node = (index: 0 | 1): TestServer => {
    const found = nodes[index];
    if (!found) throw new Error('the nodes did not start');
    return found;
  };
  const admin = (...args: string[]) => runAdminInProcess('/nonexistent', [...flags, ...args]);
  const deliveriesWith = (activity: string) =>
    receiver.deliveries().filter((d) => JSON.stringify(d.data).includes(`"activity":"${activity}"`));

  beforeAll(async () => {
    await receiver.start();
    const shared = {
      store: 'postgres' as const,
      databaseUrl: TEST_DATABASE_URL,
      databaseSchema: schema,
      redisUrl: TEST_REDIS_URL,
      redisKeyPrefix: redis.prefix,
      clusterLeaseMs: 1000,
    };
    const overrides = { events: { webhooks: FAST_WEBHOOKS } };
    nodes.push(
      ...(await Promise.all([
        startTestServer({ ...shared, nodeId: 'a' }, overrides),
        startTestServer({ ...shared, nodeId: 'b' }, overrides),
      ])),
    );
    for (const [index, n] of nodes.entries()) {
      n.server.events.subscribe((event) => {
        seen[index]?.push(event);
      });
    }
    const added = await admin(
      'webhook',
      'add',
      receiver.url,
      '--events',
      'presence.changed,message.created',
      '--secret',
      SECRET,
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    webhookId = /Added webhook (wh_[0-9a-f]+)/.exec(added.out)?.[1] ?? '';
    phone = (await new IntegrationService(node(0).server.store).add('phone', ['presence:write'])).token;
    await node(1).connect('bob@acme.test');
    await sleep(300); // both nodes have read the new webhook
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await receiver.close();
    await schemas.dropAll();
    await redis.dropAll();
  });

  it('delivers a presence change that both nodes see once, under one id', async () => {
    await claim(node(1), phone, 'bob@acme.test', 'On a call');
    await waitFor(() => deliveriesWith('On a call').length > 0);
    await sleep(SETTLE_MS);
    const delivered = deliveriesWith('On a call');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      id: expect.stringMatching(/^presence:/),
      type: 'presence.changed',
      status: 200,
      data: { email: 'bob@acme.test', presence: { status: 'busy' } },
    });
    // Both nodes' buses carried it, under different bus ids: both offered it to the queue.
    const carried = seen.map((events) =>
      events.filter((e) => e.type === 'presence.changed' && e.data.presence.activity === 'On a call'),
    );
    expect(carried.map((events) => events.length)).toEqual([1, 1]);
    const request = receiver.requests.find((r) => r.body.includes('"activity":"On a call"'));
    expect(signatureIsValid(SECRET, request?.headers ?? {}, request?.body ?? '')).toBe(true);
  });

  it('delivers a message of a bot conversation once', async () => {
    const { store } = node(0).server;
    const alice = await store.users.byEmail('alice@acme.test');
    if (!alice) throw new Error('demo user missing');
    const bot = await store.users.create({
      email: 'alerts@acme.test',
      name: 'Line 3 alerts',
      passwordHash: '',
      kind: 'bot',
    });
    const { conversation } = await store.conversations.create({
      kind: 'direct',
      title: null,
      memberIds: [alice.id, bot.id],
      createdAt: Date.now(),
    });
    const { message } = await store.messages.append({
      conversationId: conversation.id,
      senderId: alice.id,
      clientId: 'cluster-1',
      body: 'to the bot, on two nodes',
      sentAt: Date.now(),
    });
    const ofMessage = () => receiver.deliveries().filter((d) => d.type === 'message.created');
    await waitFor(() => ofMessage().length > 0);
    await sleep(SETTLE_MS);
    expect(ofMessage()).toEqual([
      expect.objectContaining({
        id: `message:${message.id}`,
        status: 200,
        data: expect.objectContaining({
          message: expect.objectContaining({ body: 'to the bot, on two nodes' }),
        }),
      }),
    ]);
  });

  it('retries a 500 from whichever node, then delivers once, with one id and both attempts logged', async () => {
    receiver.answer([500]);
    await claim(node(0), phone, 'bob@acme.test', 'Retry me');
    await waitFor(() => deliveriesWith('Retry me').some((d) => d.status === 200));
    await sleep(SETTLE_MS);
    const delivered = deliveriesWith('Retry me');
    expect(delivered.map((d) => d.status)).toEqual([500, 200]);
    const eventId = delivered[0]?.id ?? '';
    expect(delivered[1]?.id).toBe(eventId);

    const log = await admin('webhook', 'deliveries', webhookId);
    expect(log.code).toBe(0);
    const rows = log.out
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/))
      .filter((row) => row[0] === eventId);
    expect(rows.map((row) => [row[1], row[2]])).toEqual([
      ['2', '200'],
      ['1', '500'],
    ]);
    expect((await admin('webhook', 'list')).out).toMatch(
      new RegExp(`${webhookId}\\s+\\S+\\s+active\\s+0\\s`),
    );
  });
});

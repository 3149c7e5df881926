import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationService } from '../src/integrations/service';
import { capturedLogger } from './helpers/captured-log';
import { startTestServer, type TestServer } from './helpers/test-server';
import { admin, claim, Receiver, signatureIsValid, sleep, waitFor } from './helpers/webhook-receiver';

const FAST_RETRIES = { backoff: { baseMs: 100, maxMs: 400 } };
let t: TestServer;
let receiver: Receiver;
let phone: string;
let _logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const captured = capturedLogger();
  _logLines = captured.lines;
  receiver = await new Receiver().start();
  // The default 500 ms poll: "takes effect within a second" is tested as shipped.
  t = await startTestServer(
    { apiRateLimit: { ratePerSecond: 100, burst: 1_000 } },
    { logger: captured.logger, events: { webhooks: FAST_RETRIES } },
  );
  phone = (await new IntegrationService(t.server.store).add('phone', ['presence:write'])).token;
  await t.connect('bob@acme.test');
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('webhook admin commands', () => {
  it('adds with a generated secret printed once on the last line, lists, and removes', async () => {
    const added = await admin(
      t.dataDir,
      'webhook',
      'add',
      'https://hooks.example.test/x',
      '--events',
      'presence.changed',
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    const lines = added.out.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^[0-9a-f]{64}$/);
    const id = /Added webhook (wh_[0-9a-f]+)/.exec(added.out)?.[1] ?? '';
    expect(id).not.toBe('');

    const listed = await admin(t.dataDir, 'webhook', 'list');
    expect(listed.out).toContain(id);
    expect(listed.out).toContain('https://hooks.example.test/x');
    expect(listed.out).not.toContain(lines.at(-1) ?? 'secret');

    expect((await admin(t.dataDir, 'webhook', 'remove', id)).code).toBe(0);
    expect((await admin(t.dataDir, 'webhook', 'list')).out).not.toContain(id);
    expect(await admin(t.dataDir, 'webhook', 'remove', id)).toMatchObject({
      code: 1,
      err: expect.stringContaining(`no webhook with id ${id}`),
    });
  });

  it('refuses bad URLs, unknown events and short secrets, changing nothing', async () => {
    const before = (await admin(t.dataDir, 'webhook', 'list')).out;
    const refusals = [
      [['webhook', 'add', 'ftp://x.test', '--events', 'presence.changed'], /only http and https/],
      [['webhook', 'add', 'not a url', '--events', 'presence.changed'], /is not a URL/],
      [['webhook', 'add', 'https://x.test', '--events', 'presence.typo'], /unknown event "presence.typo"/],
      [['webhook', 'add', 'https://x.test'], /needs --events/],
      [
        ['webhook', 'add', 'https://x.test', '--events', 'message.created', '--secret', 'short'],
        /at least 16/,
      ],
      [['webhook', 'frobnicate'], /unknown command "webhook frobnicate"/],
    ] as const;
    for (const [args, message] of refusals) {
      const result = await admin(t.dataDir, ...args);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.out).toBe('');
    }
    expect((await admin(t.dataDir, 'webhook', 'list')).out).toBe(before);
  });
});

describe('webhook deliveries', () => {
  it('signs, retries after 500s with backoff, delivers each event id once, and logs every attempt', async () => {
    const secret = 'receiver-secret-0123456789';
    const added = await admin(
      t.dataDir,
      'webhook',
      'add',
      receiver.url,
      '--events',
      'presence.changed',
      '--secret',
      secret,
    );
    expect(added.code).toBe(0);
    expect(added.out).not.toContain(secret);
    const id = /Added webhook (wh_[0-9a-f]+)/.exec(added.out)?.[1] ?? '';
    await sleep(1_000); // a running server picks the new webhook up within a second

    receiver.answer([500, 500]);
    await claim(t, phone, 'bob@acme.test', 'On a call');
    await waitFor(() => receiver.requests.some((request) => request.status === 200));
    await sleep(600); // room for a wrong extra delivery to show up

    const deliveries = receiver.deliveries();
    expect(deliveries.map((delivery) => delivery.status)).toEqual([500, 500, 200]);
    const eventId = deliveries[0]?.id;
    expect(deliveries.every((delivery) => delivery.id === eventId)).toBe(true);
    expect(deliveries.filter((delivery) => delivery.status === 200)).toHaveLength(1);
    expect(deliveries[2]).toMatchObject({
      type: 'presence.changed',
      data: { email: 'bob@acme.test', presence: { status: 'busy', activity: 'On a call' } },
    });
    for (const request of receiver.requests) {
      expect(signatureIsValid(secret, request.headers, request.body)).toBe(true);
      expect(signatureIsValid('another-secret-0123456789', request.headers, request.body)).toBe(false);
      expect(request.headers['content-type']).toBe('application/json');
    }

    const log = await admin(t.dataDir, 'webhook', 'deliveries', id);
    expect(log.code).toBe(0);
    const rows = log.out
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/));
    // Newest first: attempt 3 (200), 2 (500), 1 (500), all for the one event.
    expect(rows.map((row) => [row[0], row[1], row[2]])).toEqual([
      [eventId, '3', '200'],
      [eventId, '2', '500'],
      [eventId, '1', '500'],
    ]);
    expect(log.out).toContain('HTTP 500');
    expect((await admin(t.dataDir, 'webhook', 'list')).out).toMatch(
      new RegExp(`${id}\\s+presence.changed\\s+active\\s+0`),
    );
    expect((await admin(t.dataDir, 'webhook', 'remove', id)).code).toBe(0);
    receiver.requests.length = 0;
  }, 20_000);

  it('sends message.created only for conversations with a bot', async () => {
    const secret = 'message-secret-0123456789';
    const added = await admin(
      t.dataDir,
      'webhook',
      'add',
      receiver.url,
      '--events',
      'message.created',
      '--secret',
      secret,
    );
    const id = /Added webhook (wh_[0-9a-f]+)/.exec(added.out)?.[1] ?? '';
    await sleep(1_000);
    receiver.answer([]);
    const { store } = t.server;
    const alice = await store.users.byEmail('alice@acme.test');
    const bob = await store.users.byEmail('bob@acme.test');
    if (!alice || !bob) throw new Error('demo users missing');
    const bot = await store.users.create({
      email: 'alerts@acme.test',
      name: 'Line 3 alerts',
      passwordHash: '',
      kind: 'bot',
    });
    const send = async (memberIds: string[], body: string) => {
      const { conversation } = await store.conversations.create({
        kind: 'direct',
        title: null,
        memberIds,
        createdAt: Date.now(),
      });
      return store.messages.append({
        conversationId: conversation.id,
        senderId: alice.id,
        clientId: body,
        body,
        sentAt: Date.now(),
      });
    };
    await send([alice.id, bob.id], 'between people');
    const { message } = await send([alice.id, bot.id], 'to the bot');
    await waitFor(() => receiver.requests.length >= 1);
    await sleep(700);
    const deliveries = receiver.deliveries();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      type: 'message.created',
      data: {
        message: { id: message.id, body: 'to the bot' },
        sender: { email: 'alice@acme.test', kind: 'person' },
        members: expect.arrayContaining(['alice@acme.test', 'alerts@acme.test']),
        hasBot: true,
      },
    });
    expect(
      signatureIsValid(secret, receiver.requests[0]?.headers ?? {}, receiver.requests[0]?.body ?? ''),
    ).toBe(true);
    await admin(t.dataDir, 'webhook', 'remove', id);
    receiver.requests.length = 0;
  }, 20_000);

  it('sends message.updated for edits and deletes in conversations with a bot', async () => {
    const added = await admin(t.dataDir, 'webhook', 'add', receiver.url, '--events', 'message.updated');
    const id = /Added webhook (wh_[0-9a-f]+)/.exec(added.out)?.[1] ?? '';
    expect(id).not.toBe('');
    await sleep(1_000);
    receiver.answer([]);
    const { store } = t.server;
    const alice = await store.users.byEmail('alice@acme.test');
    const bob = await store.users.byEmail('bob@acme.test');
    const bot = await store.users.byEmail('alerts@acme.test');
    if (!alice || !bob || !bot) throw new Error('users missing (the bot comes from the test above)');
    const sendAndChange = async (memberIds: string[], body: string) => {
      const { conversation } = await store.conversations.create({
        kind: 'group',
        title: body,
        memberIds,
        createdAt: Date.now(),
      });
      const { message } = await store.messages.append({
        conversationId: conversation.id,
        senderId: alice.id,
        clientId: body,
        body,
        sentAt: Date.now(),
      });
      await store.messages.edit({
        messageId: message.id,
        actorId: alice.id,
        body: `${body}!`,
        mentions: [],
        at: Date.now(),
      });
      // Unchanged: no event.
      await store.messages.edit({
        messageId: message.id,
        actorId: alice.id,
        body: `${body}!`,
        mentions: [],
        at: Date.now(),
      });
      await store.messages.delete({ messageId: message.id, actorId: alice.id, at: Date.now() });
      return message;
    };
    await sendAndChange([alice.id, bob.id], 'people only');
    const message = await sendAndChange([alice.id, bot.id], 'with the bot');
    await waitFor(() => receiver.requests.length >= 2);
    await sleep(700);
    const deliveries = receiver.deliveries();
    expect(deliveries.map((d) => d.type)).toEqual(['message.updated', 'message.updated']);
    expect(deliveries[0]).toMatchObject({
      data: {
        change: 'edited',
        message: { id: message.id, body: 'with the bot!' },
        sender: { email: 'alice@acme.test' },
        hasBot: true,
      },
    });
    expect(deliveries[1]).toMatchObject({
      data: { change: 'deleted', message: { id: message.id, body: '' } },
    });
    expect(deliveries[1]).toMatchObject({ data: { message: { deletedAt: expect.any(Number) } } });
    await admin(t.dataDir, 'webhook', 'remove', id);
    receiver.requests.length = 0;
  }, 20_000);
});

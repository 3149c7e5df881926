import { connect, type Socket } from 'node:net';
import type { Presence } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationService } from '../src/integrations/service';
import { capturedLogger } from './helpers/captured-log';
import { SseStream } from './helpers/sse-stream';
import { startTestServer, type TestServer } from './helpers/test-server';

const REPLAY_CAPACITY = 50;
const MAX_PENDING_BYTES = 64 * 1024;
const MAX_STREAMS = 5;
let t: TestServer;
let reader: string;
let phone: string;
let logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const captured = capturedLogger();
  logLines = captured.lines;
  t = await startTestServer(
    { apiRateLimit: { ratePerSecond: 100, burst: 1_000 } },
    {
      logger: captured.logger,
      events: {
        sse: {
          heartbeatMs: 100,
          replayCapacity: REPLAY_CAPACITY,
          maxPendingBytes: MAX_PENDING_BYTES,
          maxStreamsPerReader: MAX_STREAMS,
        },
      },
    },
  );
  const integrations = new IntegrationService(t.server.store);
  reader = (await integrations.add('dashboard', ['events:read'])).token;
  phone = (await integrations.add('phone', ['presence:read', 'presence:write'])).token;
  // Online users, so a claim changes what others see.
  await t.connect('bob@acme.test');
  await t.connect('carol@acme.test');
});
afterAll(async () => {
  await t?.close();
});

async function openStream(
  query: string,
  options: { token?: string; lastEventId?: string } = {},
): Promise<SseStream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? reader}` };
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const response = await fetch(`${t.url}/api/v1/events${query}`, { headers, signal: abort.signal });
  return new SseStream(response, abort);
}

const claim = async (email: string, claimId: string, activity: string) => {
  const response = await fetch(
    `${t.url}/api/v1/presence/${encodeURIComponent(email)}/claims/${encodeURIComponent(claimId)}`,
    {
      method: 'PUT',
      headers: { authorization: `Bearer ${phone}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'busy', activity, ttlSeconds: 600 }),
    },
  );
  expect(response.status).toBe(200);
};

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

describe('GET /api/v1/events authentication', () => {
  const get = (token: string | null, query = '?emails=bob@acme.test') =>
    fetch(`${t.url}/api/v1/events${query}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });

  it('answers 401 without a token and with an unknown one', async () => {
    expect(await errorOf(await get(null))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await errorOf(await get('x'.repeat(43)))).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it("answers 403 to a user's session token and to a token without events:read", async () => {
    const { token } = await t.token('alice@acme.test');
    expect(await errorOf(await get(token))).toMatchObject({
      status: 403,
      code: 'forbidden',
      message: expect.stringContaining('session tokens'),
    });
    expect(await errorOf(await get(phone))).toMatchObject({
      status: 403,
      code: 'forbidden',
      message: expect.stringContaining('events:read'),
    });
  });

  it('answers 429 past the open streams one integration may keep, and again after one closed', async () => {
    const tap = (await new IntegrationService(t.server.store).add('tap', ['events:read'])).token;
    const streams: SseStream[] = [];
    for (let i = 0; i < MAX_STREAMS; i += 1) {
      const stream = await openStream('?emails=bob@acme.test', { token: tap });
      await stream.next();
      streams.push(stream);
    }
    const refused = await get(tap);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await errorOf(refused)).toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: expect.stringContaining(`at most ${MAX_STREAMS} per integration`),
    });
    // Another integration is not affected.
    const other = await openStream('?emails=bob@acme.test');
    await other.next();
    other.close();
    streams.pop()?.close();
    let again: Response | null = null;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      again = await get(tap);
      if (again.status === 200) break;
      await again.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(again?.status).toBe(200);
    await again?.body?.cancel();
    for (const stream of streams) stream.close();
  });

  it('answers 400 to a bad e-mail list', async () => {
    expect(await errorOf(await get(reader, '?emails=not-an-address'))).toMatchObject({
      status: 400,
      code: 'invalid',
    });
    expect(await errorOf(await get(reader, '?emails=,'))).toMatchObject({ status: 400, code: 'invalid' });
  });
});

describe('GET /api/v1/events stream', () => {
  it('starts with a ready event, then one presence event per change of the followed users', async () => {
    const stream = await openStream('?emails=bob@acme.test,Dave@acme.test');
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const ready = await stream.next();
    expect(ready.event).toBe('ready');
    expect(JSON.parse(ready.data)).toEqual({ latestId: Number(ready.id) });

    await claim('carol@acme.test', 'call', 'On a call'); // not followed: not sent
    await claim('bob@acme.test', 'call', 'On a call');
    const event = await stream.nextPresence();
    expect(event.email).toBe('bob@acme.test');
    expect(event.presence).toMatchObject({ status: 'busy', activity: 'On a call' });
    expect(Number(event.id)).toBeGreaterThan(Number(ready.id));
    stream.close();
  });

  it('sends every user without an e-mail filter, with increasing ids', async () => {
    const stream = await openStream('');
    await stream.next(); // ready
    await claim('carol@acme.test', 'call', 'Conference');
    await claim('bob@acme.test', 'call', 'Conference');
    const first = await stream.nextPresence();
    const second = await stream.nextPresence();
    expect([first.email, second.email]).toEqual(['carol@acme.test', 'bob@acme.test']);
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
    stream.close();
  });

  it('resumes after Last-Event-ID with exactly the events missed', async () => {
    const stream = await openStream('?emails=bob@acme.test');
    const ready = await stream.next();
    stream.close();
    await claim('bob@acme.test', 'call', 'Missed one');
    await claim('carol@acme.test', 'call', 'Not followed');
    await claim('bob@acme.test', 'call', 'Missed two');
    await waitFor(() => t.server.events.latestId >= Number(ready.id) + 3);

    const resumed = await openStream('?emails=bob@acme.test', { lastEventId: ready.id ?? '' });
    const one = await resumed.nextPresence();
    const two = await resumed.nextPresence();
    expect([one.presence.activity, two.presence.activity]).toEqual(['Missed one', 'Missed two']);
    resumed.close();

    // Resuming from the last one seen: nothing is repeated, the next change comes.
    const again = await openStream('?emails=bob@acme.test', { lastEventId: two.id });
    await claim('bob@acme.test', 'call', 'Live');
    expect((await again.nextPresence()).presence.activity).toBe('Live');
    again.close();
  });

  it('says reset when Last-Event-ID is older than the replay buffer, or unknown', async () => {
    const stream = await openStream('?emails=bob@acme.test');
    const ready = await stream.next();
    stream.close();
    const presence = await presenceOfBob();
    for (let i = 0; i <= REPLAY_CAPACITY; i += 1) {
      t.server.events.publish('presence.changed', { email: 'nobody@acme.test', presence });
    }
    await waitFor(() => t.server.events.latestId > Number(ready.id) + REPLAY_CAPACITY);

    for (const lastEventId of [ready.id ?? '', 'garbage', String(Number.MAX_SAFE_INTEGER)]) {
      const resumed = await openStream('?emails=bob@acme.test', { lastEventId });
      const reset = await resumed.next();
      expect(reset.event).toBe('reset');
      expect(Number(reset.id)).toBe(t.server.events.latestId);
      expect(JSON.parse(reset.data)).toMatchObject({ latestId: t.server.events.latestId });
      resumed.close();
    }
  });

  it('sends heartbeat comments while idle', async () => {
    const stream = await openStream('?emails=nobody@acme.test');
    await stream.next(); // ready
    const beat = await stream.next({ comments: true, timeoutMs: 1_000 });
    expect(beat.event).toBe('comment');
    stream.close();
  });

  it('drops a reader that stops reading, and keeps serving the others', async () => {
    const healthy = await openStream('?emails=bob@acme.test');
    await healthy.next();
    const stalled = await openRawStream('/api/v1/events');
    stalled.pause(); // stops reading: the server's pending bytes grow until the limit

    const presence = { ...(await presenceOfBob()), activity: 'x'.repeat(4_000) };
    const dropped = () =>
      logLines.some((line) => line.msg?.toString().includes('dropped a slow event-stream'));
    for (let batch = 0; batch < 100 && !dropped(); batch += 1) {
      for (let i = 0; i < 100; i += 1) {
        t.server.events.publish('presence.changed', { email: 'nobody@acme.test', presence });
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(dropped);
    const line = logLines.find((entry) => entry.msg?.toString().includes('dropped a slow event-stream'));
    expect(line).toMatchObject({ level: 40, reader: 'dashboard', limitBytes: MAX_PENDING_BYTES });
    // Bounded: at most the limit plus the one frame that found it passed.
    expect(Number(line?.pendingBytes)).toBeLessThanOrEqual(MAX_PENDING_BYTES + 5_000);

    await claim('bob@acme.test', 'call', 'Still served');
    // The healthy reader skips nothing of bob's and sees the new claim.
    expect((await healthy.nextPresence()).presence.activity).toBe('Still served');
    healthy.close();
    stalled.destroy();
  }, 30_000);
});

async function presenceOfBob(): Promise<Presence> {
  const bob = await t.server.store.users.byEmail('bob@acme.test');
  if (!bob) throw new Error('no bob');
  return t.server.presence.presenceOf(bob.id);
}

/** A raw socket that sent the request and received the head; the caller decides whether it reads. */
function openRawStream(path: string): Promise<Socket> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${reader}\r\n\r\n`);
    });
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString();
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        if (!head.startsWith('HTTP/1.1 200')) reject(new Error(head));
        else resolve(socket);
      }
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../src/auth/tokens';
import { connectClient, connectError, EventLog } from './helpers/client';
import { startTestServer, type TestServer } from './helpers/test-server';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.close();
});

async function post(path: string, body: string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as unknown) : null,
  };
}

async function get(path: string, token?: string) {
  const response = await fetch(`${t.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('POST /api/auth/login', () => {
  it('answers 200 with token, user and expiry', async () => {
    const { status, body } = await t.login('Alice@Acme.test');
    expect(status).toBe(200);
    expect(body).toEqual({
      token: expect.any(String),
      user: { id: expect.any(String), email: 'alice@acme.test', name: 'Alice Archer' },
      expiresAt: expect.any(Number),
    });
  });

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await t.login('bob@acme.test', 'not-the-password');
    const unknown = await t.login('nobody@acme.test', 'whatever');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('answers 400 invalid for malformed bodies, naming the field', async () => {
    const json = { 'content-type': 'application/json' };
    const missing = await post('/api/auth/login', JSON.stringify({ email: 'alice@acme.test' }), json);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: { code: 'invalid', message: expect.stringMatching(/^password:/) },
    });
    const wrongType = await post('/api/auth/login', JSON.stringify({ email: 7, password: 'x' }), json);
    expect(wrongType.body).toMatchObject({
      error: { code: 'invalid', message: expect.stringMatching(/^email:/) },
    });
    const notJson = await post('/api/auth/login', '{oops', json);
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: { code: 'invalid' } });
    const form = await post('/api/auth/login', 'email=a&password=b', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    expect(form.body).toMatchObject({ error: { code: 'invalid' } });
    const empty = await post('/api/auth/login', undefined);
    expect(empty.body).toMatchObject({
      error: { code: 'invalid', message: expect.stringMatching(/^payload:/) },
    });
  });

  it('rate-limits failed logins per account with 429 and Retry-After', async () => {
    let last = await post('/api/auth/login', '{}');
    for (let i = 0; i < 12 && last.status !== 429; i++) {
      last = await post('/api/auth/login', JSON.stringify({ email: 'dave@acme.test', password: 'guess' }), {
        'content-type': 'application/json',
      });
    }
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits now.
    expect((await t.login('dave@acme.test')).status).toBe(429);
  });

  it('allows cross-origin requests (the desktop client has no web origin)', async () => {
    const preflight = await fetch(`${t.url}/api/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin: 'app://beacon',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('socket handshake', () => {
  it('refuses a missing, malformed, unknown or expired token with "unauthorized"', async () => {
    expect(await connectError(t.url, undefined)).toBe('unauthorized');
    expect(await connectError(t.url, { token: '' })).toBe('unauthorized');
    expect(await connectError(t.url, { token: 42 })).toBe('unauthorized');
    expect(await connectError(t.url, { token: generateToken() })).toBe('unauthorized');
    const user = await t.server.store.users.byEmail('carol@acme.test');
    if (!user) throw new Error('carol missing');
    const expired = generateToken();
    await t.server.store.sessions.create({
      tokenHash: hashToken(expired),
      userId: user.id,
      createdAt: Date.now() - 2000,
      expiresAt: Date.now() - 1000,
    });
    expect(await connectError(t.url, { token: expired })).toBe('unauthorized');
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the token and ends its sockets, leaving other sessions alone', async () => {
    const first = await t.token('erin@acme.test');
    const second = await t.token('erin@acme.test');
    const doomed = await connectClient(t.url, first.token);
    const survivor = await connectClient(t.url, second.token);
    const ended = new EventLog(doomed.socket, 'session:ended');
    const disconnected = new Promise<string>((resolve) => doomed.socket.once('disconnect', resolve));

    const response = await post('/api/auth/logout', undefined, { authorization: `Bearer ${first.token}` });
    expect(response.status).toBe(204);
    expect(await ended.waitFor()).toEqual({ reason: 'signed_out' });
    expect(await disconnected).toBe('io server disconnect');
    expect(await connectError(t.url, { token: first.token })).toBe('unauthorized');
    expect(survivor.socket.connected).toBe(true);
    survivor.socket.close();
  });

  it('answers 401 without a bearer token', async () => {
    const response = await post('/api/auth/logout', undefined);
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
  });
});

describe('presence API', () => {
  it('needs a valid bearer token', async () => {
    expect((await get('/api/presence?emails=alice@acme.test')).status).toBe(401);
    expect((await get('/api/presence?emails=alice@acme.test', 'bogus')).status).toBe(401);
  });

  it('answers presences by e-mail, listing unknown addresses apart', async () => {
    const { token } = await t.token('frank@acme.test');
    const { socket } = await t.connect('alice@acme.test');
    await new Promise<void>((resolve) =>
      socket.emit('presence:set', { status: 'busy', message: 'call' }, () => resolve()),
    );
    const many = await get('/api/presence?emails=alice@acme.test,%20Bob@acme.test,nobody@acme.test', token);
    expect(many.status).toBe(200);
    expect(many.body).toEqual({
      users: [
        expect.objectContaining({
          email: 'alice@acme.test',
          presence: expect.objectContaining({ status: 'busy', message: 'call' }),
        }),
        expect.objectContaining({
          email: 'bob@acme.test',
          presence: expect.objectContaining({ status: 'offline' }),
        }),
      ],
      unknown: ['nobody@acme.test'],
    });
    const one = await get('/api/users/alice@acme.test/presence', token);
    expect(one).toMatchObject({
      status: 200,
      body: { user: { name: 'Alice Archer', presence: { status: 'busy' } } },
    });
    expect(await get('/api/users/nobody@acme.test/presence', token)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    expect(await get('/api/presence', token)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid' } },
    });
  });
});

describe('health and web client', () => {
  it('reports health', async () => {
    expect(await get('/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('says the web client is not built when it is not', async () => {
    const response = await fetch(`${t.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('web client not built');
    expect(await get('/api/nothing-here')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
  });

  it('serves a built web client with a single-page-app fallback', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'beacon-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Beacon web</title>');
    writeFileSync(join(webRoot, 'app.js'), 'console.log(1)');
    const web = await startTestServer({ webRoot });
    try {
      const index = await fetch(`${web.url}/`);
      expect(await index.text()).toContain('Beacon web');
      const asset = await fetch(`${web.url}/app.js`);
      expect(asset.headers.get('content-type')).toContain('javascript');
      const deepLink = await fetch(`${web.url}/conversations/123`);
      expect(deepLink.status).toBe(200);
      expect(await deepLink.text()).toContain('Beacon web');
      const api = await fetch(`${web.url}/api/unknown`);
      expect(api.status).toBe(404);
    } finally {
      await web.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });
});

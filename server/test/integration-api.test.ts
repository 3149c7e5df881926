import { claimPutResponseSchema, type Presence, presenceReadResponseSchema } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../src/config/data-dir';
import { IntegrationService } from '../src/integrations/service';
import { openSqliteStore } from '../src/store/sqlite';
import { capturedLogger } from './helpers/captured-log';
import { type AckResponse, EventLog, request, type TestSocket } from './helpers/client';
import { startTestServer, type TestServer } from './helpers/test-server';

let t: TestServer;
let integrations: IntegrationService;
let phone: string;
let calendar: string;
let readOnly: string;
let logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const captured = capturedLogger();
  logLines = captured.lines;
  t = await startTestServer(
    { apiRateLimit: { ratePerSecond: 1, burst: 1_000 } },
    { logger: captured.logger },
  );
  integrations = new IntegrationService(t.server.store);
  phone = (await integrations.add('phone', ['presence:read', 'presence:write'])).token;
  calendar = (await integrations.add('calendar', ['presence:write'])).token;
  readOnly = (await integrations.add('dashboard', ['presence:read'])).token;
});
afterAll(async () => {
  await t?.close();
});

function api(method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${t.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const claimPath = (email: string, claimId: string) =>
  `/api/v1/presence/${encodeURIComponent(email)}/claims/${encodeURIComponent(claimId)}`;
const put = (token: string, email: string, claimId: string, body: unknown) =>
  api('PUT', claimPath(email, claimId), token, body);
const read = (token: string, emails: string) =>
  api('GET', `/api/v1/presence?emails=${encodeURIComponent(emails)}`, token);
async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}
const othersSee = async (email: string): Promise<Presence> => {
  const body = presenceReadResponseSchema.parse(await (await read(phone, email)).json());
  const user = body.users[0];
  if (!user) throw new Error(`no presence of ${email}`);
  return user.presence;
};

describe('integration API authentication and scopes', () => {
  it('answers 401 without a token, with an unknown one and with a revoked one', async () => {
    expect(await errorOf(await api('GET', '/api/v1/presence?emails=alice@acme.test', null))).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(await errorOf(await read('x'.repeat(43), 'alice@acme.test'))).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    const { token } = await integrations.add('short-lived', ['presence:read']);
    expect((await read(token, 'alice@acme.test')).status).toBe(200);
    await integrations.revoke('short-lived');
    expect(await errorOf(await read(token, 'alice@acme.test'))).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
  });

  it("lets a user's session token read presence, and nothing else", async () => {
    const { token } = await t.token('bob@acme.test');
    expect((await read(token, 'alice@acme.test')).status).toBe(200);
    expect(
      await errorOf(await put(token, 'alice@acme.test', 'c1', { status: 'busy', activity: 'x' })),
    ).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('answers 403 forbidden to a token without the scope', async () => {
    expect(
      await errorOf(await put(readOnly, 'alice@acme.test', 'c1', { status: 'busy', activity: 'x' })),
    ).toMatchObject({ status: 403, code: 'forbidden', message: expect.stringContaining('presence:write') });
    expect(await errorOf(await read(calendar, 'alice@acme.test'))).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect((await api('DELETE', claimPath('alice@acme.test', 'c1'), readOnly)).status).toBe(403);
  });
});

describe('integration API rate limit', () => {
  it('answers 429 rate_limited with Retry-After past the burst, per token', async () => {
    const limited = await startTestServer({ apiRateLimit: { ratePerSecond: 0.5, burst: 3 } });
    try {
      const service = new IntegrationService(limited.server.store);
      const first = (await service.add('first', ['presence:read'])).token;
      const second = (await service.add('second', ['presence:read'])).token;
      const get = (token: string) =>
        fetch(`${limited.url}/api/v1/presence?emails=alice@acme.test`, {
          headers: { authorization: `Bearer ${token}` },
        });
      for (let i = 0; i < 3; i += 1) expect((await get(first)).status).toBe(200);
      const refused = await get(first);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(await errorOf(refused)).toMatchObject({ code: 'rate_limited' });
      expect((await get(second)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('status claims', () => {
  let bob: TestSocket;
  beforeAll(async () => {
    await t.connect('alice@acme.test');
    bob = (await t.connect('bob@acme.test')).socket;
  });

  it('shows a phone claim busy "On a call" over available, and ends it on DELETE (204, idempotent)', async () => {
    const before = Date.now();
    const response = await put(phone, 'alice@acme.test', 'call-1', {
      status: 'busy',
      activity: 'On a call',
      ttlSeconds: 60,
    });
    expect(response.status).toBe(200);
    const body = claimPutResponseSchema.parse(await response.json());
    expect(body.claim).toMatchObject({
      id: 'call-1',
      source: 'phone',
      status: 'busy',
      activity: 'On a call',
    });
    expect(body.claim.until).toBeGreaterThanOrEqual(before + 60_000);
    expect(body.claim.until).toBeLessThan(Date.now() + 60_001);
    expect(body.presence).toMatchObject({
      status: 'busy',
      source: 'integration',
      activity: 'On a call',
      until: body.claim.until,
    });
    expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'busy', activity: 'On a call' });

    const removed = await api('DELETE', claimPath('alice@acme.test', 'call-1'), phone);
    expect(removed.status).toBe(204);
    expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'available', source: 'manual' });
    expect((await api('DELETE', claimPath('alice@acme.test', 'call-1'), phone)).status).toBe(204);
    expect((await api('DELETE', claimPath('alice@acme.test', 'never-was'), phone)).status).toBe(204);
  });

  it('lasts 24 hours without until or ttlSeconds, and takes an until', async () => {
    const response = await put(phone, 'alice@acme.test', 'c-default', { status: 'away', activity: null });
    const { claim } = claimPutResponseSchema.parse(await response.json());
    expect(claim.until - Date.now()).toBeGreaterThan(24 * 3_600_000 - 5_000);
    expect(claim.until - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    const until = Date.now() + 600_000;
    const again = await put(phone, 'alice@acme.test', 'c-default', { status: 'away', until });
    expect(claimPutResponseSchema.parse(await again.json()).claim.until).toBe(until);
    expect((await api('DELETE', claimPath('alice@acme.test', 'c-default'), phone)).status).toBe(204);
  });

  it('refuses offline, an until in the past or beyond 24 h, a ttl beyond 24 h, both, and bad ids (400 invalid)', async () => {
    const cases: unknown[] = [
      { status: 'offline', activity: 'x' },
      { status: 'busy', until: Date.now() - 1_000 },
      { status: 'busy', until: Date.now() + 25 * 3_600_000 },
      { status: 'busy', ttlSeconds: 24 * 3_600 + 1 },
      { status: 'busy', ttlSeconds: 0 },
      { status: 'busy', ttlSeconds: 60, until: Date.now() + 60_000 },
      { status: 'busy', activity: 'x'.repeat(281) },
      { status: 'busy', extra: true },
      { activity: 'no status' },
    ];
    for (const body of cases) {
      expect({ body, ...(await errorOf(await put(phone, 'alice@acme.test', 'c1', body))) }).toMatchObject({
        status: 400,
        code: 'invalid',
      });
    }
    expect((await errorOf(await put(phone, 'alice@acme.test', 'c1', { status: 'offline' }))).message).toMatch(
      /status: a claim cannot make a user offline/,
    );
    expect(await errorOf(await put(phone, 'alice@acme.test', 'bad id!', { status: 'busy' }))).toMatchObject({
      status: 400,
      code: 'invalid',
    });
  });

  it('answers 404 not_found for an unknown or disabled user', async () => {
    expect(await errorOf(await put(phone, 'nobody@acme.test', 'c1', { status: 'busy' }))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    const erin = await t.server.store.users.byEmail('erin@acme.test');
    if (!erin) throw new Error('the demo has no erin');
    await t.server.store.users.setDisabled(erin.id, true);
    try {
      expect(await errorOf(await put(phone, 'erin@acme.test', 'c1', { status: 'busy' }))).toMatchObject({
        status: 404,
        code: 'not_found',
      });
      expect((await api('DELETE', claimPath('erin@acme.test', 'c1'), phone)).status).toBe(404);
    } finally {
      await t.server.store.users.setDisabled(erin.id, false);
    }
  });

  it("never shows over the user's own dnd, nor over appear-offline", async () => {
    const carol = (await t.connect('carol@acme.test')).socket;
    expect(await request<AckResponse>(bob, 'presence:set', { status: 'dnd' })).toMatchObject({ ok: true });
    expect(await request<AckResponse>(carol, 'presence:set', { status: 'offline' })).toMatchObject({
      ok: true,
    });
    try {
      const onBob = claimPutResponseSchema.parse(
        await (await put(phone, 'bob@acme.test', 'call', { status: 'busy', activity: 'On a call' })).json(),
      );
      expect(onBob.presence).toMatchObject({ status: 'dnd', source: 'manual' });
      const onCarol = claimPutResponseSchema.parse(
        await (await put(phone, 'carol@acme.test', 'call', { status: 'busy', activity: 'On a call' })).json(),
      );
      expect(onCarol.presence).toMatchObject({ status: 'offline', source: 'offline', activity: null });
      expect(await othersSee('carol@acme.test')).toMatchObject({ status: 'offline' });
    } finally {
      await api('DELETE', claimPath('bob@acme.test', 'call'), phone);
      await api('DELETE', claimPath('carol@acme.test', 'call'), phone);
      await request(bob, 'presence:set', { status: 'available' });
      await request(carol, 'presence:set', { status: 'available' });
    }
  });

  it('keeps claim ids per integration', async () => {
    await put(phone, 'alice@acme.test', 'shared', { status: 'busy', activity: 'On a call' });
    await put(calendar, 'alice@acme.test', 'shared', { status: 'dnd', activity: 'Presenting' });
    expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'dnd', activity: 'Presenting' });
    expect((await api('DELETE', claimPath('alice@acme.test', 'shared'), calendar)).status).toBe(204);
    expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'busy', activity: 'On a call' });
    expect((await api('DELETE', claimPath('alice@acme.test', 'shared'), phone)).status).toBe(204);
    expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'available' });
  });

  it('pushes the claim to socket watchers', async () => {
    const watched = new EventLog(bob, 'presence');
    const aliceId = (await t.server.store.users.byEmail('alice@acme.test'))?.id ?? '';
    await request(bob, 'presence:subscribe', { userIds: [aliceId] });
    await put(phone, 'alice@acme.test', 'push', { status: 'busy', activity: 'On a call' });
    await expect(
      watched.waitFor((p) => p.userId === aliceId && p.status === 'busy' && p.activity === 'On a call'),
    ).resolves.toMatchObject({ source: 'integration' });
    await api('DELETE', claimPath('alice@acme.test', 'push'), phone);
  });

  it("ends a revoked integration's claims at once (the CLI revokes from another process)", async () => {
    const pbx = (await integrations.add('pbx-to-revoke', ['presence:write'])).token;
    const watched = new EventLog(bob, 'presence');
    const aliceId = (await t.server.store.users.byEmail('alice@acme.test'))?.id ?? '';
    await request(bob, 'presence:subscribe', { userIds: [aliceId] });
    expect(
      (await put(pbx, 'alice@acme.test', 'call', { status: 'busy', activity: 'Revoked call' })).status,
    ).toBe(200);
    await watched.waitFor((p) => p.userId === aliceId && p.activity === 'Revoked call');
    // A second store connection, as the admin CLI opens: the server learns of it by polling.
    const cli = openSqliteStore(databaseFile(t.dataDir));
    try {
      await new IntegrationService(cli).revoke('pbx-to-revoke');
    } finally {
      await cli.close();
    }
    await expect(
      watched.waitFor((p) => p.userId === aliceId && p.status === 'available' && p.activity === null),
    ).resolves.toMatchObject({ source: 'manual' });
    expect((await othersSee('alice@acme.test')).activity).toBeNull();
  });

  it('logs every write with the integration name, never the token', async () => {
    await put(phone, 'alice@acme.test', 'logged', { status: 'busy', activity: 'On a call', ttlSeconds: 30 });
    await api('DELETE', claimPath('alice@acme.test', 'logged'), phone);
    const writes = logLines.filter((line) => line.msg === 'integration write' && line.claimId === 'logged');
    expect(writes).toEqual([
      expect.objectContaining({ integration: 'phone', action: 'claim.set', user: 'alice@acme.test' }),
      expect.objectContaining({ integration: 'phone', action: 'claim.clear', user: 'alice@acme.test' }),
    ]);
    expect(JSON.stringify(logLines)).not.toContain(phone);
  });
});

describe('GET /api/v1/presence', () => {
  it('returns users and unknown addresses like the v1 read API, at most 1,000', async () => {
    const response = await read(phone, 'Alice@acme.test, nobody@acme.test,bob@acme.test');
    expect(response.status).toBe(200);
    const body = presenceReadResponseSchema.parse(await response.json());
    expect(body.users.map((user) => [user.email, user.name])).toEqual([
      ['alice@acme.test', expect.any(String)],
      ['bob@acme.test', expect.any(String)],
    ]);
    expect(body.unknown).toEqual(['nobody@acme.test']);
    expect(body.users[0]?.presence.chosen).toBeUndefined();

    const full = Array.from({ length: 1_000 }, (_, i) => `someone.${i}@branch-office.acme.test`).join(',');
    const fullBody = presenceReadResponseSchema.parse(await (await read(phone, full)).json());
    expect(fullBody.unknown).toHaveLength(1_000);
    const many = Array.from({ length: 1_001 }, (_, i) => `u${i}@x.t`).join(',');
    expect(await errorOf(await read(phone, many))).toMatchObject({ status: 400, code: 'invalid' });
    expect(await errorOf(await read(phone, ''))).toMatchObject({ status: 400, code: 'invalid' });
  });

  it("gives a user's session token the own view of itself", async () => {
    const { token } = await t.token('dave@acme.test');
    const body = presenceReadResponseSchema.parse(await (await read(token, 'dave@acme.test')).json());
    expect(body.users[0]?.presence.chosen).toBeDefined();
  });
});

import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionService } from '../auth/sessions';
import { openSqliteStore } from '../store/sqlite';
import type { Role, Store } from '../store/types';
import { requireRole } from './admin-auth';
import { ADMIN_API_PATHS, adminRoutes } from './admin-routes';
import { adminAuditResponseSchema } from './admin-schemas';
import { installErrorHandler } from './errors';

let store: Store;
let sessions: SessionService;
let app: FastifyInstance;

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  sessions = new SessionService(store);
  app = Fastify();
  installErrorHandler(app);
  await app.register(adminRoutes, { sessions, audit: store.audit });
  // A route another admin helper might add, to see what requireRole hands it.
  const authorize = requireRole('compliance', sessions);
  app.get('/api/admin/test-caller', async (request, reply) => {
    const caller = await authorize(request, reply);
    return caller ? caller.actor : reply;
  });
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await store.close();
});

async function signedIn(email: string, roles: Role[] = []): Promise<string> {
  const user = await store.users.create({ email, name: email, passwordHash: 'h', roles });
  return (await sessions.issue(user.id)).token;
}

const getAudit = (token: string | null, query = '') =>
  app.inject({
    method: 'GET',
    url: `${ADMIN_API_PATHS.audit}${query}`,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });

const cli = { actor: 'cli:root@host', source: 'cli', address: null } as const;

describe('GET /api/admin/audit', () => {
  it('answers 401 without a valid session token', async () => {
    for (const token of [null, 'not-a-token', 'A'.repeat(43)]) {
      const response = await getAudit(token);
      expect(response.statusCode, String(token)).toBe(401);
      expect(response.json()).toEqual({
        error: { code: 'unauthorized', message: 'authorization: a valid Bearer session token is required' },
      });
    }
  });

  it('answers 403 to a member and to a compliance officer without the admin role', async () => {
    for (const [email, roles] of [
      ['max@acme.test', []],
      ['cy@acme.test', ['compliance']],
    ] as const) {
      const response = await getAudit(await signedIn(email, [...roles]));
      expect(response.statusCode, email).toBe(403);
      expect(response.json()).toEqual({ error: { code: 'forbidden', message: 'this needs the admin role' } });
    }
  });

  it('answers 401 once the admin is disabled', async () => {
    const token = await signedIn('ada@acme.test', ['admin']);
    const ada = await store.users.byEmail('ada@acme.test');
    await store.users.setDisabled(ada?.id ?? '', true);
    expect((await getAudit(token)).statusCode).toBe(401);
  });

  it('returns the entries of the range to an admin, oldest first', async () => {
    const token = await signedIn('ada@acme.test', ['admin']);
    for (const [at, action] of [
      [Date.UTC(2026, 2, 1, 8), 'user.add'],
      [Date.UTC(2026, 2, 1, 9), 'user.disable'],
      [Date.UTC(2026, 2, 2, 9), 'user.enable'],
    ] as const) {
      await store.audit.append({ ...cli, at, action, target: 'bo@acme.test', details: {} });
    }
    const all = await getAudit(token);
    expect(all.statusCode).toBe(200);
    const body = adminAuditResponseSchema.parse(all.json());
    expect(body.entries.map((entry) => [entry.seq, entry.action])).toEqual([
      [1, 'user.add'],
      [2, 'user.disable'],
      [3, 'user.enable'],
    ]);
    expect(body.entries[1]).toMatchObject({
      ...cli,
      target: 'bo@acme.test',
      prevHash: body.entries[0]?.hash,
    });

    const day = await getAudit(token, '?since=2026-03-01&until=2026-03-01');
    expect(day.json().entries.map((entry: { seq: number }) => entry.seq)).toEqual([1, 2]);
    const newest = await getAudit(token, '?since=2026-03-01T08:30:00Z&limit=1');
    expect(newest.json().entries.map((entry: { seq: number }) => entry.seq)).toEqual([3]);
  });

  it('answers 400 to a bad range or limit, naming the parameter', async () => {
    const token = await signedIn('ada@acme.test', ['admin']);
    for (const [query, message] of [
      ['?since=yesterday', /^since: "yesterday" is not an ISO date/],
      ['?limit=0', /^limit: a whole number from 1 to 1000$/],
      ['?since=2026-03-02&until=2026-03-01', /^until \(2026-03-01\) is not after since/],
      ['?limit=1&limit=2', /^limit: give it once$/],
    ] as const) {
      const response = await getAudit(token, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('invalid');
      expect(response.json().error.message).toMatch(message);
    }
  });
});

describe('requireRole', () => {
  it("hands the route an HTTP actor: the user's e-mail and the client's address", async () => {
    const token = await signedIn('cy@acme.test', ['compliance']);
    const response = await app.inject({
      method: 'GET',
      url: '/api/admin/test-caller',
      headers: { authorization: `Bearer ${token}` },
      remoteAddress: '198.51.100.4',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ actor: 'cy@acme.test', source: 'http', address: '198.51.100.4' });
    const admin = await signedIn('ada@acme.test', ['admin']);
    const forbidden = await app.inject({
      method: 'GET',
      url: '/api/admin/test-caller',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.message).toBe('this needs the compliance role');
  });
});

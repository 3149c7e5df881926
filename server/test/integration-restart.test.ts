import { resolve } from 'node:path';
import type { Presence } from '@beacon/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/seed';
import { runTs } from '../src/store/sqlite/testing/spawn-ts';
import { restartableDemoServer } from './helpers/child-server';
import { connectClient, EventLog, request } from './helpers/client';
import { loginAt } from './helpers/http-client';

const ADMIN = resolve(import.meta.dirname, '../src/cli/admin.ts');
const server = restartableDemoServer('beacon-integration-restart-');
afterAll(() => server.cleanup());

/** The admin CLI as a separate process on the server's data dir; resolves with its stdout. */
async function admin(...args: string[]): Promise<string> {
  const { BEACON_DATA_DIR: _unused, ...env } = process.env;
  const { code, stdout, stderr } = await runTs(ADMIN, ['--data-dir', server.dataDir, ...args], { env });
  if (code !== 0) throw new Error(`admin ${args.join(' ')}: ${stderr}`);
  return stdout;
}
const tokenOf = (stdout: string) => stdout.trimEnd().split('\n').at(-1) ?? '';

function api(url: string, method: string, path: string, token: string, body?: unknown) {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const CLAIM = '/api/v1/presence/alice%40acme.test/claims/call-7';
const READ = '/api/v1/presence?emails=alice@acme.test';

/** Polls until `check` holds; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((done) => setTimeout(done, 20));
  }
  return Date.now() - started;
}

describe('integration tokens and claims against a running server process', () => {
  it('sees a revoke and a rotate by the admin CLI within a second; claims expire and survive a SIGKILL', async () => {
    const first = await server.start();
    const token = tokenOf(
      await admin('integration', 'add', 'phone', '--scopes', 'presence:read,presence:write'),
    );
    expect((await api(first.url, 'GET', READ, token)).status).toBe(200);

    // Rotate: the old token stops, the new one works, at once.
    const rotated = tokenOf(await admin('integration', 'rotate', 'phone'));
    const rotateMs = await within(
      1_000,
      async () => (await api(first.url, 'GET', READ, token)).status === 401,
    );
    expect(rotateMs).toBeLessThan(1_000);
    expect((await api(first.url, 'GET', READ, rotated)).status).toBe(200);

    // A claim of 2 s, watched over a socket: busy "On a call", then the layer below at its end.
    const alice = await loginAt(first.url, 'alice@acme.test', DEMO_PASSWORD);
    const bob = await loginAt(first.url, 'bob@acme.test', DEMO_PASSWORD);
    const aliceSocket = (await connectClient(first.url, alice.token)).socket;
    const bobSocket = (await connectClient(first.url, bob.token)).socket;
    const seen = new EventLog(bobSocket, 'presence');
    await request(bobSocket, 'presence:subscribe', { userIds: [alice.user.id] });
    const put = await api(first.url, 'PUT', CLAIM, rotated, {
      status: 'busy',
      activity: 'On a call',
      ttlSeconds: 2,
    });
    expect(put.status).toBe(200);
    const { claim } = (await put.json()) as { claim: { until: number } };
    const isAlice = (p: Presence) => p.userId === alice.user.id;
    await expect(seen.waitFor((p) => isAlice(p) && p.status === 'busy')).resolves.toMatchObject({
      activity: 'On a call',
      source: 'integration',
      until: claim.until,
    });
    const after = await seen.waitFor((p) => isAlice(p) && p.status === 'available', 6_000);
    expect(after).toMatchObject({ source: 'manual', activity: null });
    expect(after.updatedAt).toBeGreaterThanOrEqual(claim.until);
    expect(after.updatedAt - claim.until).toBeLessThan(1_000);

    // A long claim is committed before its 200: a SIGKILL right after keeps it.
    expect(
      (
        await api(first.url, 'PUT', CLAIM, rotated, {
          status: 'busy',
          activity: 'On a call',
          ttlSeconds: 3_600,
        })
      ).status,
    ).toBe(200);
    aliceSocket.close();
    bobSocket.close();
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await server.start();
    const back = await connectClient(second.url, alice.token);
    try {
      expect(back.ready.presence).toMatchObject({
        status: 'busy',
        source: 'integration',
        activity: 'On a call',
      });
      const read = (await (await api(second.url, 'GET', READ, rotated)).json()) as {
        users: Array<{ presence: Presence }>;
      };
      expect(read.users[0]?.presence).toMatchObject({ status: 'busy', activity: 'On a call' });

      // Revoke on the running server: refused within a second.
      await admin('integration', 'revoke', 'phone');
      const revokeMs = await within(
        1_000,
        async () => (await api(second.url, 'GET', READ, rotated)).status === 401,
      );
      expect(revokeMs).toBeLessThan(1_000);
      expect((await api(second.url, 'DELETE', CLAIM, rotated)).status).toBe(401);
    } finally {
      back.socket.close();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 60_000);
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminInProcess } from './helpers/admin';
import { startTestServer, type TestServer } from './helpers/test-server';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  expect(
    await runAdminInProcess(t.dataDir, ['user', 'roles', 'carol@acme.test', '--set', 'compliance']),
  ).toMatchObject({
    code: 0,
  });
});
afterAll(async () => {
  await t?.close();
});

async function verify(email: string | null, query = ''): Promise<Response> {
  const headers: Record<string, string> = {};
  if (email) headers.authorization = `Bearer ${(await t.token(email)).token}`;
  return fetch(`${t.url}/api/admin/compliance/verify${query}`, { method: 'POST', headers });
}

describe('the compliance archive on a running server', () => {
  it('archives what users send, signs a manifest at start-up, and verifies over HTTP for the compliance role only', async () => {
    const { socket } = await t.connect('alice@acme.test');
    const bob = await t.token('bob@acme.test');
    const opened = (await socket.emitWithAck('conversation:open', { memberIds: [bob.user.id] })) as {
      conversation: { id: string };
    };
    await socket.emitWithAck('message:send', {
      conversationId: opened.conversation.id,
      clientId: 'c-1',
      body: 'Q3 numbers attached',
    });

    expect((await verify(null)).status).toBe(401);
    expect((await verify('alice@acme.test')).status).toBe(403);
    const response = await verify('carol@acme.test');
    expect(response.status).toBe(200);
    const report = (await response.json()) as { ok: boolean; entries: number; manifests: number };
    expect(report).toMatchObject({ ok: true, manifests: 1 });
    expect(report.entries).toBeGreaterThanOrEqual(2);
    expect((await verify('carol@acme.test', '?from=2026-02-30')).status).toBe(400);

    const db = new Database(join(t.dataDir, 'beacon.db'));
    try {
      db.prepare(
        "UPDATE archive_entries SET payload = replace(payload, 'Q3', 'Q4') WHERE kind = 'message.sent'",
      ).run();
    } finally {
      db.close();
    }
    const broken = (await (await verify('carol@acme.test')).json()) as {
      ok: boolean;
      problems: { reason: string }[];
    };
    expect(broken.ok).toBe(false);
    expect(broken.problems[0]?.reason).toBe('its content does not match its hash');

    const audit = await t.server.store.audit.list();
    expect(
      audit
        .filter((entry) => entry.action === 'compliance.verify')
        .map((entry) => [entry.actor, entry.source, entry.details.ok]),
    ).toEqual([
      ['carol@acme.test', 'http', true],
      ['carol@acme.test', 'http', false],
    ]);
  });
});

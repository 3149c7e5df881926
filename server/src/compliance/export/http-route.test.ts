import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { databaseFile } from '../../config/data-dir';
import { requireRole } from '../../http/admin-auth';
import { installErrorHandler } from '../../http/errors';
import type { BearerSessions } from '../../http/types';
import { openSqliteStore } from '../../store/sqlite';
import type { Store, UserRecord } from '../../store/types';
import { DirectorySink, prepareExportDirectory } from './directory-sink';
import { exportArchive } from './exporter';
import { COMPLIANCE_EXPORT_PATH, complianceExportRoutes } from './http-route';
import { resolveExportRequest } from './request';
import { EXPORTED_AT, exportHarness, readTree } from './testing/export-harness';
import { untar } from './testing/tar';

const harness = exportHarness();
let store: Store;
let app: FastifyInstance;
const tokens = new Map<string, UserRecord>();

beforeEach(async () => {
  const seeded = await harness.setUp();
  store = openSqliteStore(databaseFile(harness.dataDir()));
  await store.users.setRoles(seeded.carol.id, ['compliance']);
  tokens.set('officer', { ...seeded.carol, roles: ['compliance'] });
  tokens.set('member', seeded.bob);
  app = await serve();
});

async function serve(limits: { partBytes?: number } = {}): Promise<FastifyInstance> {
  const sessions: BearerSessions = {
    resolve: async (token) => tokens.get(token) ?? null,
    revoke: async () => {},
  };
  // As the server's app (http/app.ts): a closed download must not keep the server from closing.
  const served = Fastify({ forceCloseConnections: true });
  installErrorHandler(served);
  await served.register(complianceExportRoutes, {
    store,
    blobs: harness.blobs(),
    authorize: requireRole('compliance', sessions),
    spoolDir: spoolDir(),
    now: () => EXPORTED_AT,
    ...limits,
  });
  return served;
}

afterEach(async () => {
  await app.close();
  await store.close();
  harness.tearDown();
});

const QUARTER = 'from=2026-01-01&to=2026-03-31';
const spoolDir = () => join(harness.dataDir(), 'tmp', 'export');

function get(query: string, token?: string) {
  return app.inject({
    method: 'GET',
    url: `${COMPLIANCE_EXPORT_PATH}?${query}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe('GET /api/admin/compliance/export', () => {
  it('answers 401 without a session and 403 without the compliance role', async () => {
    const anonymous = await get(`${QUARTER}&format=jsonl`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const member = await get(`${QUARTER}&format=jsonl`, 'member');
    expect(member.statusCode).toBe(403);
    expect(member.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(await store.audit.list()).toEqual([]);
  });

  it('answers 400 for bad parameters and 404 for an unknown user, naming the parameter', async () => {
    const badFormat = await get(`${QUARTER}&format=pdf`, 'officer');
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json()).toEqual({
      error: { code: 'invalid', message: 'format: "pdf" is not one of jsonl, csv, eml' },
    });
    const twice = await get(`${QUARTER}&format=csv&format=eml`, 'officer');
    expect(twice.json()).toMatchObject({ error: { code: 'invalid', message: 'format: give it once' } });
    const noRange = await get('format=csv', 'officer');
    expect(noRange.json()).toMatchObject({
      error: { code: 'invalid', message: expect.stringMatching(/^from: is required/) },
    });
    const unknown = await get(`${QUARTER}&format=csv&user=nobody@acme.test`, 'officer');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      error: { code: 'not_found', message: 'no user nobody@acme.test' },
    });
  });

  for (const format of ['jsonl', 'csv', 'eml'] as const) {
    it(`streams a ${format} export as a tar of exactly the files the CLI writes, manifest.json last`, async () => {
      const response = await get(`${QUARTER}&format=${format}`, 'officer');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/x-tar');
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="beacon-export-2026-01-01-2026-03-31.tar"',
      );
      const files = await untar(response.rawPayload);
      expect(files.at(-1)?.name).toBe('manifest.json');
      if (format !== 'eml') expect(files[0]?.name).toBe(`archive-000001.${format}`);

      const cli = await harness.exportTo(['--from', '2026-01-01', '--to', '2026-03-31', '--format', format]);
      expect(cli.code).toBe(0);
      const directory = await readTree(cli.dir);
      expect(new Map(files.map((file) => [file.name, file.content]))).toEqual(directory);
    });
  }

  for (const format of ['jsonl', 'csv'] as const) {
    it(`streams a ${format} export in several parts, the files the exporter writes to a directory with that limit`, async () => {
      const partBytes = 2048;
      await app.close();
      app = await serve({ partBytes });
      const response = await get(`${QUARTER}&format=${format}`, 'officer');
      expect(response.statusCode).toBe(200);
      const files = await untar(response.rawPayload);
      const parts = files.slice(0, -1);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.map((file) => file.name)).toEqual(
        parts.map((_, index) => `archive-${String(index + 1).padStart(6, '0')}.${format}`),
      );
      expect(files.at(-1)?.name).toBe('manifest.json');

      const dir = join(harness.dataDir(), '..', `parts-${format}`);
      await prepareExportDirectory(dir);
      const request = await resolveExportRequest(store, { from: '2026-01-01', to: '2026-03-31', format });
      await exportArchive({ store, blobs: null, now: () => EXPORTED_AT }, request, new DirectorySink(dir), {
        partBytes,
      });
      expect(new Map(files.map((file) => [file.name, file.content]))).toEqual(await readTree(dir));
      await vi.waitFor(async () => expect(await readdir(spoolDir())).toEqual([]));
    });
  }

  it('is written to the audit log with the caller and their address', async () => {
    const response = await get(
      `${QUARTER}&format=eml&attachments=inline&conversation=${harness.seeded().groupId}`,
      'officer',
    );
    expect(response.statusCode).toBe(200);
    await vi.waitFor(async () => expect(await store.audit.list()).toHaveLength(1));
    const [entry] = await store.audit.list();
    expect(entry).toMatchObject({
      action: 'compliance.export',
      actor: 'carol@acme.test',
      source: 'http',
      address: '127.0.0.1',
      details: {
        format: 'eml',
        attachments: 'inline',
        completed: true,
        filters: { user: null, conversation: harness.seeded().groupId },
        counts: { mails: 5, attachmentsAttached: 1 },
      },
    });
  });

  it('stops when the download is closed, records it as incomplete and leaves no temporary files', async () => {
    const { alice, groupId } = harness.seeded();
    // Mails larger than what the sockets buffer, so the export is still running when the client leaves.
    for (const [index, content] of [randomBytes(6 << 20), randomBytes(6 << 20)].entries()) {
      const blob = await harness.blobs().put(Readable.from([content]));
      const file = await store.files.create({
        uploaderId: alice.id,
        name: `large-${index}.bin`,
        size: blob.size,
        mime: 'application/octet-stream',
        sha256: blob.sha256,
        thumbnail: false,
        createdAt: Date.UTC(2026, 0, 20),
      });
      await store.files.recordScan(blob.sha256, { scan: 'clean' }, Date.UTC(2026, 0, 20));
      await store.messages.append({
        conversationId: groupId,
        senderId: alice.id,
        clientId: `large-${index}`,
        body: 'large',
        sentAt: Date.UTC(2026, 0, 20, 1, index),
        attachmentIds: [file.id],
      });
    }
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const download = new AbortController();
    const response = await fetch(`${url}${COMPLIANCE_EXPORT_PATH}?${QUARTER}&format=eml&attachments=inline`, {
      headers: { authorization: 'Bearer officer' },
      signal: download.signal,
    });
    await response.body?.getReader().read();
    download.abort();
    await vi.waitFor(async () => expect(await store.audit.list()).toHaveLength(1), { timeout: 10_000 });
    const [entry] = await store.audit.list();
    expect(entry?.details).toMatchObject({ completed: false, error: 'the client closed the download' });
    await vi.waitFor(async () => expect(await readdir(spoolDir())).toEqual([]));
  });
});

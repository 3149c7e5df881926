import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileRecord, fileResponseSchema } from '@beacon/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBeaconServer } from '../src/app';
import { DEMO_PASSWORD } from '../src/demo/seed';
import { FsBlobStore } from '../src/files/fs-blob-store';
import {
  clamdInstalled,
  EICAR,
  startTestClamd,
  TEST_SIGNATURE_REPORTED,
  type TestClamd,
} from './helpers/clamd';
import { EventLog, request, type TestSocket } from './helpers/client';
import { loginAt } from './helpers/http-client';
import { startTestServer, type TestServer } from './helpers/test-server';

const MAX_BYTES = 256 * 1024;

interface Member {
  socket: TestSocket;
  user: { id: string };
  token: string;
}

describe.skipIf(!clamdInstalled)('files: upload, virus scan, download', () => {
  let clamd: TestClamd;
  let t: TestServer;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let blobs: FsBlobStore;

  beforeAll(async () => {
    clamd = await startTestClamd();
    t = await startTestServer({
      clamdSocket: clamd.socket,
      clamdTimeoutMs: 2_000,
      scanRetryBaseMs: 50,
      scanRetryMaxMs: 200,
      fileMaxBytes: MAX_BYTES,
    });
    alice = await t.connect('alice@acme.test');
    bob = await t.connect('bob@acme.test');
    carol = await t.connect('carol@acme.test');
    blobs = new FsBlobStore(join(t.dataDir, 'files'));
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await clamd?.dispose();
  });

  const upload = async (token: string, name: string, content: string | Buffer, type = 'text/plain') => {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), name);
    const response = await fetch(`${t.url}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const uploaded = async (token: string, name: string, content: string | Buffer, type?: string) => {
    const { status, body } = await upload(token, name, content, type);
    expect(status, JSON.stringify(body)).toBe(201);
    return fileResponseSchema.parse(body).file;
  };
  const get = (token: string, path: string) =>
    fetch(`${t.url}/api/v1/files/${path}`, { headers: { authorization: `Bearer ${token}` } });
  const scanned = async (id: string, scan: FileRecord['scan']) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const file = fileResponseSchema.parse(await (await get(alice.token, `${id}/info`)).json()).file;
      if (file.scan === scan) return file;
      if (Date.now() > deadline) throw new Error(`file ${id} is still ${file.scan}, not ${scan}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const conversationWithBob = async () => {
    const opened = await request<{ ok: true; conversation: { id: string } }>(
      alice.socket,
      'conversation:open',
      {
        memberIds: [bob.user.id],
      },
    );
    return opened.conversation.id;
  };
  const sendWith = async (conversationId: string, fileIds: string[]) => {
    const sent = await request<{ ok: boolean; message: { id: string; seq: number } }>(
      alice.socket,
      'message:send',
      {
        conversationId,
        clientId: `c-${Math.random()}`,
        body: 'see attached',
        attachments: fileIds,
      },
    );
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    return sent.message;
  };

  it('refuses an upload without a session token', async () => {
    expect((await upload('nope', 'a.txt', 'hi')).status).toBe(401);
  });

  it('stores an upload as pending, scans it clean, and serves it to a member with safe headers', async () => {
    const scannedLog = new EventLog(alice.socket, 'file:scanned');
    const file = await uploaded(alice.token, '../secret/report 2026 é.txt', 'quarterly numbers\n');
    expect(file).toMatchObject({ name: 'report 2026 é.txt', size: 18, mime: 'text/plain', thumbnail: false });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(['pending', 'clean']).toContain(file.scan);
    await scannedLog.waitFor(({ file: f }) => f.id === file.id && f.scan === 'clean');

    // Bob sees it only once it was sent to him; Carol never.
    expect((await get(bob.token, file.id)).status).toBe(404);
    await sendWith(await conversationWithBob(), [file.id]);
    const response = await get(bob.token, file.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-length')).toBe('18');
    expect(response.headers.get('etag')).toBe(`"${file.sha256}"`);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="report 2026 _.txt"; filename*=UTF-8''report%202026%20%C3%A9.txt`,
    );
    expect(await response.text()).toBe('quarterly numbers\n');
    const carolsTry = await get(carol.token, file.id);
    expect(carolsTry.status).toBe(404);
    expect(await carolsTry.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await get(carol.token, `${file.id}/info`)).status).toBe(404);
  });

  it('keeps files pending while clamd is down (409), then scans them once it is back', async () => {
    await clamd.stop();
    try {
      const file = await uploaded(alice.token, 'later.txt', 'scanned later\n');
      expect(file.scan).toBe('pending');
      const conversationId = await conversationWithBob();
      const updates = new EventLog(bob.socket, 'message:updated');
      const message = await sendWith(conversationId, [file.id]);
      const history = await request<{ ok: true; messages: Array<{ id: string; attachments: unknown[] }> }>(
        bob.socket,
        'message:history',
        { conversationId },
      );
      expect(history.messages.find((m) => m.id === message.id)?.attachments).toEqual([
        { id: file.id, name: 'later.txt', size: 14, mime: 'text/plain', scan: 'pending', thumbnail: false },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 600));
      const waiting = await get(bob.token, file.id);
      expect(waiting.status).toBe(409);
      expect(await waiting.json()).toMatchObject({ error: { code: 'policy' } });
      expect(fileResponseSchema.parse(await (await get(bob.token, `${file.id}/info`)).json()).file.scan).toBe(
        'pending',
      );

      await clamd.start();
      await scanned(file.id, 'clean');
      const update = await updates.waitFor(({ message: m }) => m.id === message.id);
      expect(update.message.attachments).toEqual([expect.objectContaining({ id: file.id, scan: 'clean' })]);
      expect((await get(bob.token, file.id)).status).toBe(200);
    } finally {
      if (!clamd.running) await clamd.start();
    }
  }, 30_000);

  it('finds EICAR, quarantines it, tells the uploader, and never serves it (403)', async () => {
    const scannedLog = new EventLog(alice.socket, 'file:scanned');
    const file = await uploaded(alice.token, 'eicar.com', EICAR);
    const told = await scannedLog.waitFor(({ file: f }) => f.id === file.id && f.scan !== 'pending');
    expect(told.file.scan).toBe('infected');
    const response = await get(alice.token, file.id);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'policy' } });
    expect((await get(alice.token, `${file.id}/thumbnail`)).status).toBe(403);
    // An infected file cannot be attached any more (P1's rule), so nobody else ever sees it.
    const refused = await request<{ ok: boolean }>(alice.socket, 'message:send', {
      conversationId: await conversationWithBob(),
      clientId: 'eicar-attempt',
      body: 'x',
      attachments: [file.id],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await get(bob.token, file.id)).status).toBe(404);
    expect(existsSync(blobs.pathOf(file.sha256))).toBe(false);
    expect(existsSync(blobs.quarantinePathOf(file.sha256))).toBe(true);
    const stored = await t.server.store.files.byId(file.id);
    expect(stored).toMatchObject({ scan: 'infected', scanDetail: TEST_SIGNATURE_REPORTED });
  });

  it('refuses a file over the limit with 413 too_large and keeps nothing', async () => {
    const before = readdirSync(join(t.dataDir, 'files', 'blobs'), { recursive: true }).length;
    const { status, body } = await upload(alice.token, 'big.bin', Buffer.alloc(MAX_BYTES + 1, 7));
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: { code: 'too_large' } });
    expect(readdirSync(join(t.dataDir, 'files', 'blobs'), { recursive: true }).length).toBe(before);
    expect(readdirSync(join(t.dataDir, 'files', 'tmp'))).toEqual([]);
    // Exactly the limit is fine.
    expect((await upload(alice.token, 'edge.bin', Buffer.alloc(MAX_BYTES, 8))).status).toBe(201);
  });

  it('sniffs the type from the content and thumbnails images', async () => {
    const png = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#36c' } })
      .png()
      .toBuffer();
    const image = await uploaded(alice.token, 'x.txt', png, 'text/plain');
    expect(image).toMatchObject({ mime: 'image/png', thumbnail: true });
    await scanned(image.id, 'clean');
    const thumbnail = await get(alice.token, `${image.id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 160 });

    const html = await uploaded(
      alice.token,
      'page.html',
      '<!DOCTYPE html><script>alert(1)</script>',
      'text/html',
    );
    expect(html).toMatchObject({ mime: 'text/html', thumbnail: false });
    await scanned(html.id, 'clean');
    const served = await get(alice.token, html.id);
    expect(served.headers.get('content-type')).toBe('application/octet-stream');
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect((await get(alice.token, `${html.id}/thumbnail`)).status).toBe(404);
  });

  it('resumes the scans of pending files after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'beacon-files-restart-'));
    const base = { dataDir, port: 0, demo: true, webRoot: null, logLevel: 'silent' as const };
    try {
      const first = await createBeaconServer({ ...base, clamdSocket: null });
      const { url } = await first.listen();
      const { token } = await loginAt(url, 'alice@acme.test', DEMO_PASSWORD);
      const form = new FormData();
      form.append('file', new Blob(['while nobody scans']), 'queued.txt');
      const response = await fetch(`${url}/api/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const file = fileResponseSchema.parse(await response.json()).file;
      await first.close();

      const second = await createBeaconServer({ ...base, clamdSocket: clamd.socket, scanRetryBaseMs: 50 });
      try {
        const deadline = Date.now() + 10_000;
        while ((await second.store.files.byId(file.id))?.scan === 'pending' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect((await second.store.files.byId(file.id))?.scan).toBe('clean');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

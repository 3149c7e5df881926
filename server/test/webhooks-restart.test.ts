import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBeaconServer } from '../src/app';
import { IntegrationService } from '../src/integrations/service';
import { createLogger } from '../src/logger';
import { startTestServer, TEST_GRACE_MS } from './helpers/test-server';
import { admin, claim, Receiver, sleep, waitFor } from './helpers/webhook-receiver';

const FAST_RETRIES = { backoff: { baseMs: 100, maxMs: 400 } };
describe('webhook queue across a restart, and disabling', () => {
  it('keeps pending deliveries across a restart and delivers them after it', async () => {
    const own = await startTestServer({}, { events: { webhooks: { ...FAST_RETRIES, pollMs: 50 } } });
    const { dataDir } = own;
    const hook = await new Receiver().start();
    let restarted: Awaited<ReturnType<typeof createBeaconServer>> | null = null;
    try {
      const token = (await new IntegrationService(own.server.store).add('phone', ['presence:write'])).token;
      await own.connect('carol@acme.test');
      await admin(
        dataDir,
        'webhook',
        'add',
        hook.url,
        '--events',
        'presence.changed',
        '--secret',
        'restart-secret-0123456789',
      );
      await sleep(300);
      hook.answer([], 503);
      await claim(own, token, 'carol@acme.test', 'Before the restart');
      await waitFor(() => hook.requests.length >= 1);
      const eventId = hook.deliveries()[0]?.id;

      // Close without removing the data dir (TestServer.close would), then start again on it.
      await own.server.close();
      const pending = await admin(dataDir, 'webhook', 'list');
      expect(pending.out).toMatch(/presence\.changed\s+failing\s+1\s/);
      hook.answer([], 200);
      restarted = await createBeaconServer(
        { dataDir, port: 0, demo: true, presenceGraceMs: TEST_GRACE_MS, webRoot: null, logLevel: 'silent' },
        { events: { webhooks: { ...FAST_RETRIES, pollMs: 50 } } },
      );
      await restarted.listen();
      await waitFor(() => hook.requests.some((request) => request.status === 200));
      const delivered = hook.deliveries().filter((delivery) => delivery.status === 200);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({ id: eventId, data: { email: 'carol@acme.test' } });
      expect((await admin(dataDir, 'webhook', 'list')).out).toMatch(/presence\.changed\s+active\s+0\s/);
    } finally {
      await restarted?.close();
      await own.server.close();
      await hook.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('disables a webhook that kept failing for the configured time, with a log line', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const own = await startTestServer(
      {},
      {
        logger: createLogger({ level: 'info', destination }),
        // A day in production; 400 ms here.
        events: { webhooks: { backoff: { baseMs: 50, maxMs: 100 }, pollMs: 50, disableAfterMs: 400 } },
      },
    );
    const hook = await new Receiver().start();
    try {
      hook.answer([], 500);
      const token = (await new IntegrationService(own.server.store).add('phone', ['presence:write'])).token;
      await own.connect('dave@acme.test');
      const added = await admin(own.dataDir, 'webhook', 'add', hook.url, '--events', 'presence.changed');
      const id = /Added webhook (wh_[0-9a-f]+)/.exec(added.out)?.[1] ?? '';
      await sleep(300);
      await claim(own, token, 'dave@acme.test', 'Failing');
      await waitFor(() => lines.some((line) => String(line.msg).startsWith('webhook disabled')));
      expect(lines.find((line) => String(line.msg).startsWith('webhook disabled'))).toMatchObject({
        level: 40,
        webhook: id,
      });
      const attempts = hook.requests.length;
      expect(attempts).toBeGreaterThanOrEqual(2);
      await sleep(300);
      expect(hook.requests.length).toBe(attempts); // no more attempts once disabled
      const listed = (await admin(own.dataDir, 'webhook', 'list')).out;
      expect(listed).toMatch(new RegExp(`${id}\\s+presence.changed\\s+disabled\\s+1\\s`));
      expect(listed).toContain('every attempt failed');
    } finally {
      await own.close();
      await hook.close();
    }
  }, 20_000);
});

import type { Presence } from '@beacon/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/seed';
import { restartableDemoServer } from './helpers/child-server';
import { type AckResponse, connectClient, EventLog, request } from './helpers/client';
import { loginAt } from './helpers/http-client';

const server = restartableDemoServer('beacon-presence-restart-');
const start = () => server.start();
afterAll(() => server.cleanup());

describe('presence layers across a server restart', () => {
  it('keeps busy until T, out of office and appear-offline choices through a SIGKILL, and ends busy at T', async () => {
    const first = await start();
    const alice = await loginAt(first.url, 'alice@acme.test', DEMO_PASSWORD);
    const bob = await loginAt(first.url, 'bob@acme.test', DEMO_PASSWORD);
    const aliceSocket = (await connectClient(first.url, alice.token)).socket;
    const bobSocket = (await connectClient(first.url, bob.token)).socket;
    // Long enough for a kill and a cold start (tsx) on a slow machine.
    const until = Date.now() + 8_000;
    const ooo = { from: Date.now() + 3_600_000, to: Date.now() + 7_200_000, message: 'Conference' };
    expect(
      await request(aliceSocket, 'presence:set', { status: 'busy', message: 'Release', until }),
    ).toMatchObject({ ok: true });
    expect(await request(aliceSocket, 'presence:out-of-office', ooo)).toMatchObject({ ok: true });
    expect(await request(bobSocket, 'presence:set', { status: 'offline' })).toMatchObject({ ok: true });
    // The acks followed committed writes: no graceful shutdown needed.
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await start();
    const { socket, ready } = await connectClient(second.url, alice.token);
    const own = new EventLog(socket, 'presence');
    const watcher = await connectClient(second.url, bob.token);
    try {
      expect(Date.now()).toBeLessThan(until);
      expect(ready.presence).toMatchObject({
        status: 'busy',
        message: 'Release',
        until,
        chosen: { status: 'busy', message: 'Release', until },
        outOfOffice: ooo,
      });
      expect(watcher.ready.presence).toMatchObject({ status: 'offline', chosen: { status: 'offline' } });
      const others = await request<AckResponse & { presences: Presence[] }>(
        watcher.socket,
        'presence:subscribe',
        {
          userIds: [alice.user.id],
        },
      );
      expect(others.presences[0]).toMatchObject({ status: 'busy', until });

      const back = await own.waitFor((p) => p.status === 'available', 15_000);
      expect(back).toMatchObject({
        message: null,
        until: null,
        chosen: { status: 'available', until: null },
      });
      expect(back.updatedAt).toBeGreaterThanOrEqual(until);
      expect(back.updatedAt - until).toBeLessThan(1_000);
    } finally {
      socket.close();
      watcher.socket.close();
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 60_000);
});

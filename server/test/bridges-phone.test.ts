import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Presence } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhoneBridgeServer } from '../../examples/phone-bridge/phone-bridge';
import { IntegrationService } from '../src/integrations/service';
import { EventLog, request } from './helpers/client';
import { presenceSeenByOthers } from './helpers/http-client';
import { startTestServer, type TestServer } from './helpers/test-server';

// The phone bridge example (examples/phone-bridge/) against a real Beacon server; the test plays
// the PBX, POSTing call events to the bridge over HTTP on 127.0.0.1.

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'pbx-shared-secret';
let beacon: TestServer;
let phoneToken: string;
let reader: string;
let bridge: Server;
let bridgeUrl: string;

beforeAll(async () => {
  beacon = await startTestServer();
  const integrations = new IntegrationService(beacon.server.store);
  phoneToken = (await integrations.add('phone', ['presence:write'])).token;
  reader = (await integrations.add('reader', ['presence:read'])).token;
  bridge = createPhoneBridgeServer({
    beaconUrl: beacon.url,
    token: phoneToken,
    extensions: { '1001': 'alice@acme.test', '1009': 'nobody@acme.test' },
    ttlSeconds: 600,
    sharedSecret: SECRET,
  });
  await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  bridgeUrl = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => bridge?.close(resolve));
  await beacon?.close();
});

/** The PBX's webhook call. */
function pbx(body: unknown, secret: string | null = SECRET, url = bridgeUrl) {
  return fetch(`${url}/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
function othersSee(email: string): Promise<Presence> {
  return presenceSeenByOthers(beacon.url, reader, email);
}

describe('phone bridge example', () => {
  it('shows busy "On a call" while connected (with its ttl) and the layer below once ended; ringing changes nothing', async () => {
    const alice = await beacon.connect('alice@acme.test');
    const watcher = (await beacon.connect('bob@acme.test')).socket;
    const presence = new EventLog(watcher, 'presence');
    await request(watcher, 'presence:subscribe', { userIds: [alice.user.id] });

    const ringing = await pbx({ extension: '1001', state: 'ringing' });
    expect(ringing.status).toBe(202);
    expect(await ringing.json()).toMatchObject({ action: 'ignored', reason: 'ringing' });
    expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'available', activity: null });

    const before = Date.now();
    const connected = await pbx({ extension: '1001', state: 'connected' });
    expect(connected.status).toBe(200);
    const outcome = (await connected.json()) as { action: string; claimId: string; until: number };
    expect(outcome).toMatchObject({ action: 'claimed', email: 'alice@acme.test', claimId: 'call' });
    expect(outcome.until).toBeGreaterThanOrEqual(before + 600_000);
    expect(outcome.until).toBeLessThanOrEqual(Date.now() + 600_000);
    await presence.waitFor(
      (p) => p.userId === alice.user.id && p.status === 'busy' && p.activity === 'On a call',
    );
    expect(await othersSee('alice@acme.test')).toMatchObject({
      status: 'busy',
      source: 'integration',
      activity: 'On a call',
      until: outcome.until,
    });

    const ended = await pbx({ extension: '1001', state: 'ended' });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ action: 'cleared', claimId: 'call' });
    await presence.waitFor((p) => p.userId === alice.user.id && p.status === 'available');
    expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'available', source: 'manual' });
  });

  it('takes an e-mail instead of an extension, and keeps calls with a callId apart', async () => {
    await beacon.connect('carol@acme.test');
    expect((await pbx({ email: 'carol@acme.test', state: 'connected', callId: 'a1' })).status).toBe(200);
    expect((await pbx({ email: 'carol@acme.test', state: 'connected', callId: 'b2' })).status).toBe(200);
    expect((await pbx({ email: 'carol@acme.test', state: 'ended', callId: 'a1' })).status).toBe(200);
    // The call on hold still holds the claim.
    expect(await othersSee('carol@acme.test')).toMatchObject({ status: 'busy', activity: 'On a call' });
    expect((await pbx({ email: 'carol@acme.test', state: 'ended', callId: 'b2' })).status).toBe(200);
    expect(await othersSee('carol@acme.test')).toMatchObject({ status: 'available', activity: null });
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /not JSON/],
      [[], /JSON object/],
      [{ state: 'connected' }, /either "extension" or "email"/],
      [{ extension: '1001', email: 'alice@acme.test', state: 'connected' }, /either/],
      [{ extension: '1001', state: 'on-hold' }, /"state" must be one of ringing, connected, ended/],
      [{ extension: '1001', state: 'connected', callId: 'bad id!' }, /callId/],
      [{ extension: '1001', state: 'connected', direction: 'inbound' }, /unknown field "direction"/],
    ];
    for (const [body, message] of cases) {
      const response = await pbx(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    const unknownExtension = await pbx({ extension: '4242', state: 'connected' });
    expect(unknownExtension.status).toBe(404);
    expect(await unknownExtension.json()).toEqual({ error: 'no user has extension 4242' });
    const unknownUser = await pbx({ extension: '1009', state: 'connected' });
    expect(unknownUser.status).toBe(404);
    expect(((await unknownUser.json()) as { error: string }).error).toMatch(/Beacon answered 404 not_found/);
    expect((await pbx({ extension: '1001', state: 'connected' }, 'wrong')).status).toBe(401);
    expect((await pbx({ extension: '1001', state: 'connected' }, null)).status).toBe(401);
    expect(await othersSee('alice@acme.test')).toMatchObject({ status: 'available', activity: null });
  });

  it("answers 502 with Beacon's reason when Beacon refuses the token", async () => {
    const revoked = await new IntegrationService(beacon.server.store).add('old-phone', ['presence:write']);
    await new IntegrationService(beacon.server.store).revoke('old-phone');
    const stale = createPhoneBridgeServer({ beaconUrl: beacon.url, token: revoked.token, extensions: {} });
    await new Promise<void>((resolve) => stale.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(stale.address() as AddressInfo).port}`;
      const response = await pbx({ email: 'alice@acme.test', state: 'connected' }, null, url);
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: string }).error).toMatch(
        /Beacon answered 401 unauthorized/,
      );
    } finally {
      await new Promise((resolve) => stale.close(resolve));
    }
  });

  it('runs as a script with tsx, as the README says', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'examples/phone-bridge/phone-bridge.ts',
        '--beacon',
        beacon.url,
        '--extensions',
        'examples/phone-bridge/extensions.example.json',
        '--port',
        '0',
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, BEACON_TOKEN: phoneToken },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stdout);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      await beacon.connect('bob@acme.test');
      expect((await pbx({ extension: '1002', state: 'connected' }, null, url)).status).toBe(200);
      expect(await othersSee('bob@acme.test')).toMatchObject({ status: 'busy', activity: 'On a call' });
      expect((await pbx({ extension: '1002', state: 'ended' }, null, url)).status).toBe(200);
      expect(await othersSee('bob@acme.test')).toMatchObject({ status: 'available' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});

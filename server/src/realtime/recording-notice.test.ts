import { afterEach, describe, expect, it } from 'vitest';
import { connectClient } from '../../test/helpers/client';
import { startTestServer, type TestServer } from '../../test/helpers/test-server';
import { ConfigError, DEFAULT_RECORDING_NOTICE, resolveServerConfig } from '../config/server-config';

let server: TestServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** The `notices` of the `ready` a fresh session of alice gets. */
async function noticesOnReady(recordingNotice?: string | null) {
  server = await startTestServer(recordingNotice === undefined ? {} : { recordingNotice });
  const { token } = await server.token('alice@acme.test');
  const { socket, ready } = await connectClient(server.url, token);
  socket.close();
  return ready.notices;
}

describe('the recording notice in ready (P12)', () => {
  it('carries the default notice when none is configured', async () => {
    expect(await noticesOnReady()).toEqual({ recording: DEFAULT_RECORDING_NOTICE });
  });

  it('carries the configured text as given, trimmed', async () => {
    const text = 'Alle Nachrichten werden archiviert (MiFID II).\nFragen: compliance@acme.test';
    expect(await noticesOnReady(`  ${text}  `)).toEqual({ recording: text });
  });

  it('carries null when the notice is turned off', async () => {
    expect(await noticesOnReady('')).toEqual({ recording: null });
    await server?.close();
    server = null;
    expect(await noticesOnReady(null)).toEqual({ recording: null });
  });

  it('refuses a notice longer than 500 characters in the configuration', () => {
    const config = (recordingNotice: string) => resolveServerConfig({ dataDir: '/unused', recordingNotice });
    expect(config('x'.repeat(500)).recordingNotice).toHaveLength(500);
    expect(() => config('x'.repeat(501))).toThrow(ConfigError);
    expect(() => config('x'.repeat(501))).toThrow(/recordingNotice: must be at most 500 characters/);
  });
});

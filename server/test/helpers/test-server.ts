import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoginResponse } from '@beacon/protocol';
import { type BeaconServer, type BeaconServerOverrides, createBeaconServer } from '../../src/app';
import type { ServerConfigInput } from '../../src/config/server-config';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { connectClient, type TestSocket } from './client';

export interface TestServer {
  server: BeaconServer;
  url: string;
  dataDir: string;
  /** POST /api/auth/login; returns the status, the parsed body and the response. */
  login(email: string, password?: string): Promise<{ status: number; body: unknown; response: Response }>;
  /** Logs in (demo password by default) and returns the token and user. */
  token(email: string, password?: string): Promise<LoginResponse>;
  /** Logs in and connects a socket; resolves once `ready` arrived. */
  connect(email: string): Promise<{ socket: TestSocket; user: LoginResponse['user']; token: string }>;
  close(): Promise<void>;
}

/** Grace period used by the integration tests, so "offline after grace" takes well under a second. */
export const TEST_GRACE_MS = 400;

/**
 * Starts the real server in-process on an ephemeral port, with the demo organisation
 * (acme.test: alice, bob, carol, dave, …) on a fresh temporary data dir.
 */
export async function startTestServer(
  config: Partial<ServerConfigInput> = {},
  overrides: BeaconServerOverrides = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-test-'));
  const server = await createBeaconServer(
    {
      dataDir,
      port: 0,
      demo: true,
      presenceGraceMs: TEST_GRACE_MS,
      disabledPollMs: 100,
      webRoot: null,
      logLevel: 'silent',
      ...config,
    },
    overrides,
  );
  const { url } = await server.listen();
  const sockets: TestSocket[] = [];
  const tokens = new Map<string, LoginResponse>();

  const login: TestServer['login'] = async (email, password = DEMO_PASSWORD) => {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return { status: response.status, body: await response.json(), response };
  };
  const token: TestServer['token'] = async (email, password) => {
    const { status, body } = await login(email, password);
    if (status !== 200) throw new Error(`login of ${email} failed with ${status}: ${JSON.stringify(body)}`);
    return body as LoginResponse;
  };
  return {
    server,
    url,
    dataDir,
    login,
    token,
    async connect(email) {
      // One login per user and server: scrypt makes logins deliberately slow.
      let session = tokens.get(email);
      if (!session) {
        session = await token(email);
        tokens.set(email, session);
      }
      const { socket } = await connectClient(url, session.token);
      sockets.push(socket);
      return { socket, user: session.user, token: session.token };
    },
    async close() {
      for (const socket of sockets) socket.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoginResponse } from '@beacon/protocol';
import { type BeaconServer, createBeaconServer } from '../../../src/app';
import type { ServerConfigInput } from '../../../src/config/server-config';
import { DEMO_PASSWORD } from '../../../src/demo/seed';
import { createLogger } from '../../../src/logger';
import { login } from './organisation';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface InProcessServer {
  server: BeaconServer;
  url: string;
  /** Every log line the server wrote (debug and up). */
  logs: LogLine[];
  /** Signs a demo user in (one scrypt per user and server). */
  session(name: string): Promise<LoginResponse>;
  close(): Promise<void>;
}

/** The real server in this process, on the demo organisation, with its log captured. */
export async function startInProcessServer(
  config: Partial<ServerConfigInput> = {},
): Promise<InProcessServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-faults-'));
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
  });
  const server = await createBeaconServer(
    { dataDir, port: 0, demo: true, webRoot: null, disabledPollMs: 1_000, ...config },
    { logger },
  );
  const { url } = await server.listen();
  const sessions = new Map<string, Promise<LoginResponse>>();
  return {
    server,
    url,
    logs,
    session(name) {
      let session = sessions.get(name);
      if (!session) {
        session = login(url, `${name}@acme.test`, DEMO_PASSWORD);
        sessions.set(name, session);
      }
      return session;
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

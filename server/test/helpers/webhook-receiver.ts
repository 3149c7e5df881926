import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runAdminInProcess } from './admin';

/** A local webhook receiver: answers with the next scripted status (then 200), keeps every request. */
export class Receiver {
  readonly requests: Array<{ headers: IncomingHttpHeaders; body: string; status: number }> = [];
  private script: number[] = [];
  private always: number | null = null;
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        const status = this.script.shift() ?? this.always ?? 200;
        this.requests.push({ headers: request.headers, body, status });
        response.writeHead(status).end();
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  answer(statuses: number[], always: number | null = null): void {
    this.script = [...statuses];
    this.always = always;
  }

  /** The parsed bodies, with the status each got. */
  deliveries(): Array<{ id: string; type: string; createdAt: number; data: unknown; status: number }> {
    return this.requests.map((request) => ({ ...JSON.parse(request.body), status: request.status }));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The receiver's check, written out as docs/integrations.md shows it (not the server's helper). */
export function signatureIsValid(secret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const header = String(headers['beacon-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const [, t, v1] = match;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return expected === v1 && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

export function admin(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  return runAdminInProcess(dataDir, args);
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sets the integration's claim `call` on the user (busy, with `activity`); throws unless 200. */
export async function claim(
  server: { url: string },
  token: string,
  email: string,
  activity: string,
): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/presence/${encodeURIComponent(email)}/claims/call`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'busy', activity, ttlSeconds: 600 }),
  });
  if (response.status !== 200)
    throw new Error(`claim on ${email}: ${response.status} ${await response.text()}`);
}

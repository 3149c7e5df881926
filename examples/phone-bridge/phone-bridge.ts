/**
 * Phone system → Beacon bridge (an example; see README.md beside this file).
 *
 * A PBX webhook adapter: the phone system POSTs call events here, and this script turns them
 * into a Beacon status claim through the Integration API — `busy` "On a call" while a call is
 * connected, cleared when it ends. It holds an integration token with `presence:write`, never
 * the database. Only Node's standard library: copy it and adapt the request shape to your PBX.
 *
 *   BEACON_TOKEN=… npx tsx examples/phone-bridge/phone-bridge.ts \
 *     --beacon http://127.0.0.1:7878 --extensions examples/phone-bridge/extensions.example.json
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const CALL_STATES = ['ringing', 'connected', 'ended'] as const;
export type CallState = (typeof CALL_STATES)[number];

/** `POST /call`: who (extension or e-mail), what happened, and optionally which call. */
export interface CallEvent {
  user: { extension: string } | { email: string };
  state: CallState;
  /** Lets two calls of one user (one on hold) be two claims; without it the claim is "call". */
  callId?: string;
}

export interface PhoneBridgeOptions {
  /** The Beacon server, e.g. `https://beacon.example.com`. */
  beaconUrl: string;
  /** An integration token with `presence:write`. */
  token: string;
  /** Extension → e-mail ("1001" → "alice@acme.test"). */
  extensions: Record<string, string>;
  /**
   * How long a connected call's claim lasts unless the PBX says `ended` first (seconds). A
   * little longer than calls run, so a lost hang-up does not leave someone busy for the day;
   * a PBX that re-sends `connected` during long calls extends it. Default 4 h.
   */
  ttlSeconds?: number;
  /** When set, the PBX must send `Authorization: Bearer <secret>`. */
  sharedSecret?: string;
}

const MAX_BODY_BYTES = 16 * 1024;
const CLAIM_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request the bridge refuses, with the HTTP status the PBX gets. */
class CallEventError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a `POST /call` body; bad input is refused with a message that says what is wrong. */
export function parseCallEvent(body: unknown): CallEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CallEventError(400, 'the body must be a JSON object');
  }
  const { extension, email, state, callId, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new CallEventError(400, `unknown field "${unknown[0]}"`);
  if ((extension === undefined) === (email === undefined)) {
    throw new CallEventError(400, 'give either "extension" or "email"');
  }
  if (extension !== undefined && (typeof extension !== 'string' || extension === '')) {
    throw new CallEventError(400, '"extension" must be a non-empty string');
  }
  if (email !== undefined && (typeof email !== 'string' || !email.includes('@'))) {
    throw new CallEventError(400, '"email" must be an e-mail address');
  }
  if (typeof state !== 'string' || !(CALL_STATES as readonly string[]).includes(state)) {
    throw new CallEventError(400, `"state" must be one of ${CALL_STATES.join(', ')}`);
  }
  if (callId !== undefined && (typeof callId !== 'string' || !CLAIM_ID_PATTERN.test(`call-${callId}`))) {
    throw new CallEventError(400, '"callId" must be letters, digits, ".", "_", "-" or ":" (at most 123)');
  }
  const event: CallEvent = {
    user: typeof extension === 'string' ? { extension } : { email: email as string },
    state: state as CallState,
  };
  if (typeof callId === 'string') event.callId = callId;
  return event;
}

/** What the bridge did with an event, as the PBX sees it in the response. */
export type CallOutcome =
  | { action: 'claimed'; email: string; claimId: string; until: number }
  | { action: 'cleared'; email: string; claimId: string }
  | { action: 'ignored'; email: string; reason: string };

export class PhoneBridge {
  private readonly beaconUrl: string;
  private readonly ttlSeconds: number;

  constructor(private readonly options: PhoneBridgeOptions) {
    this.beaconUrl = options.beaconUrl.replace(/\/+$/, '');
    this.ttlSeconds = options.ttlSeconds ?? 4 * 60 * 60;
  }

  /** Maps one call event to a claim change in Beacon. */
  async handle(event: CallEvent): Promise<CallOutcome> {
    const email = this.emailOf(event);
    const claimId = event.callId === undefined ? 'call' : `call-${event.callId}`;
    // A ringing phone does not make anyone busy yet; the claim starts when the call connects.
    if (event.state === 'ringing') return { action: 'ignored', email, reason: 'ringing' };
    const path = `/api/v1/presence/${encodeURIComponent(email)}/claims/${encodeURIComponent(claimId)}`;
    if (event.state === 'ended') {
      await this.beacon('DELETE', path);
      return { action: 'cleared', email, claimId };
    }
    const answer = await this.beacon('PUT', path, {
      status: 'busy',
      activity: 'On a call',
      ttlSeconds: this.ttlSeconds,
    });
    const until = (answer as { claim?: { until?: unknown } } | null)?.claim?.until;
    return { action: 'claimed', email, claimId, until: typeof until === 'number' ? until : 0 };
  }

  private emailOf(event: CallEvent): string {
    if ('email' in event.user) return event.user.email;
    const email = this.options.extensions[event.user.extension];
    if (!email) throw new CallEventError(404, `no user has extension ${event.user.extension}`);
    return email;
  }

  /** One Integration API call; Beacon's refusal becomes a `502` the PBX can log and retry. */
  private async beacon(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.beaconUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new CallEventError(502, `Beacon is unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    const json: unknown = text === '' ? null : safeJson(text);
    if (response.ok) return json;
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    // An unknown user is the caller's mistake (404); anything else is Beacon's answer, passed on.
    const status = response.status === 404 ? 404 : 502;
    throw new CallEventError(
      status,
      `Beacon answered ${response.status}${error?.code ? ` ${error.code}` : ''}: ${error?.message ?? text.slice(0, 200)}`,
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The HTTP side: `POST /call` (the PBX's webhook) and `GET /health`. */
export function createPhoneBridgeServer(options: PhoneBridgeOptions): Server {
  const bridge = new PhoneBridge(options);
  return createServer((request, response) => {
    void route(bridge, options, request, response).catch((error: unknown) => {
      const status = error instanceof CallEventError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status >= 500) console.error(`phone bridge: ${message}`);
      send(response, status, { error: message });
    });
  });
}

async function route(
  bridge: PhoneBridge,
  options: PhoneBridgeOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://bridge').pathname;
  if (request.method === 'GET' && path === '/health') return send(response, 200, { ok: true });
  if (path !== '/call') throw new CallEventError(404, 'not found: POST /call');
  if (request.method !== 'POST') throw new CallEventError(405, 'use POST /call');
  if (
    options.sharedSecret !== undefined &&
    request.headers.authorization !== `Bearer ${options.sharedSecret}`
  ) {
    throw new CallEventError(401, 'authorization: the PBX shared secret is missing or wrong');
  }
  const body = await readJson(request);
  const outcome = await bridge.handle(parseCallEvent(body));
  send(response, outcome.action === 'ignored' ? 202 : 200, outcome);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new CallEventError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new CallEventError(400, 'the body is not JSON');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Reads `{ "1001": "alice@acme.test", … }`. */
export function loadExtensions(path: string): Record<string, string> {
  const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${path}: expected an object of extension → e-mail`);
  }
  for (const [extension, email] of Object.entries(json)) {
    if (typeof email !== 'string' || !email.includes('@')) {
      throw new Error(
        `${path}: extension ${extension} maps to ${JSON.stringify(email)}, not an e-mail address`,
      );
    }
  }
  return json as Record<string, string>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      beacon: { type: 'string', default: process.env.BEACON_URL ?? 'http://127.0.0.1:7878' },
      extensions: { type: 'string' },
      port: { type: 'string', default: '8091' },
      host: { type: 'string', default: '127.0.0.1' },
      ttl: { type: 'string', default: String(4 * 60 * 60) },
    },
  });
  const token = process.env.BEACON_TOKEN;
  if (!token) throw new Error('set BEACON_TOKEN to an integration token with presence:write');
  const ttlSeconds = Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 86_400) {
    throw new Error(`--ttl: "${values.ttl}" is not a whole number of seconds from 1 to 86400`);
  }
  const options: PhoneBridgeOptions = {
    beaconUrl: values.beacon,
    token,
    extensions: values.extensions ? loadExtensions(values.extensions) : {},
    ttlSeconds,
  };
  if (process.env.PBX_SHARED_SECRET) options.sharedSecret = process.env.PBX_SHARED_SECRET;
  const server = createPhoneBridgeServer(options);
  await new Promise<void>((resolve) => server.listen(Number(values.port), values.host, resolve));
  const { address, port } = server.address() as AddressInfo;
  console.log(`Phone bridge listening on http://${address}:${port}`);
  const stop = () => server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run as a script (not when a test imports it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}

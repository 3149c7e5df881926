import { errorBodySchema, HTTP_PATHS, type LoginResponse, loginResponseSchema } from '@beacon/protocol';
import { z } from 'zod';

export type SignInFailure =
  | 'wrong_credentials'
  | 'disabled'
  | 'rate_limited'
  | 'unreachable'
  | 'timeout'
  | 'not_beacon'
  | 'invalid'
  | 'server_error';

export class SignInError extends Error {
  readonly kind: SignInFailure;
  constructor(kind: SignInFailure, message: string) {
    super(message);
    this.name = 'SignInError';
    this.kind = kind;
  }
}

const errorResponseSchema = z.object({ error: errorBodySchema });
/** Tolerates `expiresAt: null` from servers that mean "no expiry". */
const tolerantLoginResponseSchema = loginResponseSchema.extend({
  expiresAt: z.number().int().nullable().optional(),
});
const REQUEST_TIMEOUT_MS = 15_000;

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}

function retryAfterText(response: Response): string {
  const seconds = Number(response.headers.get('retry-after'));
  if (!Number.isFinite(seconds) || seconds <= 0) return 'Wait a minute and try again.';
  if (seconds < 90) return `Try again in ${Math.ceil(seconds)} seconds.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** POST /api/auth/login. Resolves with the token, or rejects with a SignInError whose message is for the user. */
export async function login(
  serverUrl: string,
  email: string,
  password: string,
  fetchImpl: typeof fetch = fetch,
): Promise<LoginResponse> {
  const host = hostOf(serverUrl);
  let response: Response;
  try {
    response = await fetchImpl(`${serverUrl}${HTTP_PATHS.login}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email: email.trim(), password }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new SignInError('timeout', `The server at ${host} did not answer. Try again later.`);
    }
    throw new SignInError(
      'unreachable',
      `Cannot reach the server at ${host}. Check the server address and your network connection.`,
    );
  }
  const body = await readJson(response);
  if (response.ok) {
    const parsed = tolerantLoginResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new SignInError('not_beacon', `${host} answered, but it does not look like a Beacon server.`);
    }
    const { expiresAt, ...rest } = parsed.data;
    return typeof expiresAt === 'number' ? { ...rest, expiresAt } : rest;
  }
  const serverError = errorResponseSchema.safeParse(body);
  const code = serverError.success ? serverError.data.error.code : null;
  const serverMessage = serverError.success ? serverError.data.error.message : '';
  if (response.status === 429 || code === 'rate_limited') {
    throw new SignInError('rate_limited', `Too many sign-in attempts. ${retryAfterText(response)}`);
  }
  if (
    /disabled|deactivated|suspended/i.test(serverMessage) ||
    (response.status === 403 && code === 'forbidden')
  ) {
    throw new SignInError('disabled', 'This account is disabled. Contact your administrator.');
  }
  if (response.status === 401 || code === 'unauthorized') {
    throw new SignInError('wrong_credentials', 'Wrong email or password.');
  }
  if (response.status === 400 || code === 'invalid') {
    throw new SignInError(
      'invalid',
      serverMessage ? `Check your entry: ${serverMessage}` : 'Check your email and password.',
    );
  }
  if (response.status === 404 || response.status === 405) {
    throw new SignInError('not_beacon', `There is no Beacon server at ${host}. Check the server address.`);
  }
  throw new SignInError(
    'server_error',
    `The server had a problem (HTTP ${response.status}). Try again in a moment.`,
  );
}

/** POST /api/auth/logout: revokes the token. Best effort: signing out locally never waits on the network for long. */
export async function logout(
  serverUrl: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  try {
    await fetchImpl(`${serverUrl}${HTTP_PATHS.logout}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    // The token expires on its own; the local session is cleared regardless.
  }
}

import { errorBodySchema, HTTP_PATHS, type LoginResponse, loginResponseSchema } from '@beacon/protocol';
import { z } from 'zod';
import { i18n } from '../../i18n';

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
  if (!Number.isFinite(seconds) || seconds <= 0) return i18n.t('auth.error.waitAMinute');
  if (seconds < 90) return i18n.t('auth.error.retryInSeconds', { count: Math.ceil(seconds) });
  return i18n.t('auth.error.retryInMinutes', { count: Math.ceil(seconds / 60) });
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
      throw new SignInError('timeout', i18n.t('auth.error.timeout', { host }));
    }
    throw new SignInError('unreachable', i18n.t('auth.error.unreachable', { host }));
  }
  const body = await readJson(response);
  if (response.ok) {
    const parsed = tolerantLoginResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new SignInError('not_beacon', i18n.t('auth.error.notBeaconAnswer', { host }));
    }
    const { expiresAt, ...rest } = parsed.data;
    return typeof expiresAt === 'number' ? { ...rest, expiresAt } : rest;
  }
  const serverError = errorResponseSchema.safeParse(body);
  const code = serverError.success ? serverError.data.error.code : null;
  const serverMessage = serverError.success ? serverError.data.error.message : '';
  if (response.status === 429 || code === 'rate_limited') {
    throw new SignInError(
      'rate_limited',
      i18n.t('auth.error.rateLimited', { retry: retryAfterText(response) }),
    );
  }
  if (
    /disabled|deactivated|suspended/i.test(serverMessage) ||
    (response.status === 403 && code === 'forbidden')
  ) {
    throw new SignInError('disabled', i18n.t('auth.error.disabled'));
  }
  if (response.status === 401 || code === 'unauthorized') {
    throw new SignInError('wrong_credentials', i18n.t('auth.error.wrongCredentials'));
  }
  if (response.status === 400 || code === 'invalid') {
    throw new SignInError(
      'invalid',
      serverMessage
        ? i18n.t('auth.error.checkEntry', { message: serverMessage })
        : i18n.t('auth.error.checkCredentials'),
    );
  }
  if (response.status === 404 || response.status === 405) {
    throw new SignInError('not_beacon', i18n.t('auth.error.notBeacon', { host }));
  }
  throw new SignInError('server_error', i18n.t('auth.error.serverError', { status: response.status }));
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

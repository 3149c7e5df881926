import { describe, expect, it, vi } from 'vitest';
import { login, logout, SignInError } from './api';

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers }));
}

const SERVER = 'http://beacon.test';
const user = { id: 'u1', email: 'alice@acme.test', name: 'Alice' };

describe('login', () => {
  it('posts the credentials and returns the token', async () => {
    const fetchImpl = reply(200, { token: 'tok', user, expiresAt: 99 });
    await expect(login(SERVER, ' alice@acme.test ', 'pw', fetchImpl)).resolves.toEqual({
      token: 'tok',
      user,
      expiresAt: 99,
    });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://beacon.test/api/auth/login');
    expect(JSON.parse(String(init.body))).toEqual({ email: 'alice@acme.test', password: 'pw' });
  });

  it.each([
    [
      401,
      { error: { code: 'unauthorized', message: 'bad' } },
      'wrong_credentials',
      /Wrong email or password/,
    ],
    [403, { error: { code: 'forbidden', message: 'account disabled' } }, 'disabled', /disabled/],
    [401, { error: { code: 'unauthorized', message: 'This account is disabled' } }, 'disabled', /disabled/],
    [
      429,
      { error: { code: 'rate_limited', message: 'slow down' } },
      'rate_limited',
      /Too many sign-in attempts/,
    ],
    [404, {}, 'not_beacon', /no Beacon server/],
    [500, { error: { code: 'internal', message: 'x' } }, 'server_error', /HTTP 500/],
  ])('answers HTTP %i clearly', async (status, body, kind, message) => {
    const failure = login(SERVER, 'a@b.c', 'pw', reply(status, body));
    await expect(failure).rejects.toBeInstanceOf(SignInError);
    await expect(failure).rejects.toMatchObject({ kind, message: expect.stringMatching(message) });
  });

  it('uses Retry-After to say when to try again', async () => {
    await expect(login(SERVER, 'a@b.c', 'pw', reply(429, {}, { 'retry-after': '30' }))).rejects.toThrow(
      /Try again in 30 seconds/,
    );
  });

  it('explains an unreachable server', async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(login(SERVER, 'a@b.c', 'pw', fetchImpl)).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('Cannot reach the server at beacon.test'),
    });
  });

  it('recognises something that is not a Beacon server', async () => {
    await expect(login(SERVER, 'a@b.c', 'pw', reply(200, { hello: 'world' }))).rejects.toMatchObject({
      kind: 'not_beacon',
    });
  });
});

describe('logout', () => {
  it('revokes the token and never throws', async () => {
    const fetchImpl = reply(200, {});
    await logout(SERVER, 'tok', fetchImpl);
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://beacon.test/api/auth/logout');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer tok');
    await expect(
      logout(
        SERVER,
        'tok',
        vi.fn(async () => Promise.reject(new Error('down'))),
      ),
    ).resolves.toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite';
import type { Store, UserRecord } from '../store/types';
import { ACCOUNT_DISABLED, INVALID_CREDENTIALS, LoginService, type LoginServiceDeps } from './login';
import { hashPassword, type ScryptParams } from './passwords';
import { SessionService } from './sessions';
import { FAST_SCRYPT_PARAMS } from './testing';

let store: Store;
let clock: { now: number };
let sessions: SessionService;
let alice: UserRecord;

function service(overrides: Partial<LoginServiceDeps> = {}): LoginService {
  return new LoginService({
    store,
    sessions,
    now: () => clock.now,
    hashParams: FAST_SCRYPT_PARAMS,
    ...overrides,
  });
}

async function addUser(email: string, password: string, params: ScryptParams = FAST_SCRYPT_PARAMS) {
  return store.users.create({
    email,
    name: email.split('@')[0] ?? email,
    passwordHash: await hashPassword(password, params),
  });
}

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  clock = { now: 1_000_000 };
  sessions = new SessionService(store, { now: () => clock.now });
  alice = await addUser('alice@acme.test', 'right password');
});
afterEach(() => store.close());

const attempt = (login: LoginService, password: string, email = 'alice@acme.test', address = '10.0.0.1') =>
  login.login({ email, password, address });

describe('login', () => {
  it('issues a session for the right password and returns the wire user', async () => {
    const result = await attempt(service(), 'right password');
    if (!result.ok) throw new Error(result.message);
    expect(result.user).toEqual({ id: alice.id, email: 'alice@acme.test', name: 'alice' });
    expect(result.expiresAt).toBeGreaterThan(clock.now);
    expect(await sessions.resolve(result.token)).toMatchObject({ id: alice.id });
  });

  it('accepts the e-mail in any case and with surrounding spaces', async () => {
    expect((await attempt(service(), 'right password', '  Alice@ACME.test ')).ok).toBe(true);
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const login = service();
    const wrong = await attempt(login, 'wrong password');
    const unknown = await attempt(login, 'right password', 'nobody@acme.test');
    expect(wrong).toEqual({ ok: false, code: 'unauthorized', message: INVALID_CREDENTIALS });
    expect(unknown).toEqual(wrong);
  });

  it('tells a disabled account only to someone with its password', async () => {
    await store.users.setDisabled(alice.id, true);
    const login = service();
    expect(await attempt(login, 'wrong password')).toEqual({
      ok: false,
      code: 'unauthorized',
      message: INVALID_CREDENTIALS,
    });
    expect(await attempt(login, 'right password')).toEqual({
      ok: false,
      code: 'unauthorized',
      message: ACCOUNT_DISABLED,
    });
  });

  it('refuses absurdly long passwords like wrong ones', async () => {
    expect(await attempt(service(), 'x'.repeat(5_000))).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('upgrades a weaker stored hash on a successful login', async () => {
    await addUser('old@acme.test', 'old password', { N: 2 ** 9, r: 8, p: 1 });
    expect((await attempt(service(), 'old password', 'old@acme.test')).ok).toBe(true);
    const upgraded = await store.users.byEmail('old@acme.test');
    expect(upgraded?.passwordHash.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect((await attempt(service(), 'old password', 'old@acme.test')).ok).toBe(true);
  });

  describe('rate limiting', () => {
    const limits = { perAccount: { max: 3, windowMs: 60_000 }, perAddress: { max: 5, windowMs: 60_000 } };

    it('limits failed attempts per account, even from other addresses and with the right password', async () => {
      const login = service({ limits });
      for (let i = 0; i < 3; i++) await attempt(login, 'wrong', 'alice@acme.test', `10.0.0.${i}`);
      const limited = await attempt(login, 'right password', 'alice@acme.test', '10.9.9.9');
      expect(limited).toMatchObject({ ok: false, code: 'rate_limited', retryAfterMs: 60_000 });
      if (limited.ok) throw new Error('unreachable');
      expect(limited.message).toMatch(/try again in 60 s/);

      clock.now += 30_000;
      expect(await attempt(login, 'right password')).toMatchObject({ retryAfterMs: 30_000 });
      clock.now += 30_000;
      expect((await attempt(login, 'right password')).ok).toBe(true);
    });

    it('limits unknown accounts the same way, so limiting does not reveal who exists', async () => {
      const login = service({ limits });
      for (let i = 0; i < 3; i++) await attempt(login, 'wrong', 'nobody@acme.test', `10.0.0.${i}`);
      expect(await attempt(login, 'wrong', 'nobody@acme.test', '10.9.9.9')).toMatchObject({
        code: 'rate_limited',
      });
    });

    it('limits failed attempts per address across accounts', async () => {
      const login = service({ limits });
      for (let i = 0; i < 5; i++) await attempt(login, 'wrong', `user${i}@acme.test`, '10.0.0.7');
      expect(await attempt(login, 'right password', 'alice@acme.test', '10.0.0.7')).toMatchObject({
        code: 'rate_limited',
      });
      expect((await attempt(login, 'right password', 'alice@acme.test', '10.0.0.8')).ok).toBe(true);
    });

    it('resets the account counter after a success', async () => {
      const login = service({ limits });
      await attempt(login, 'wrong');
      await attempt(login, 'wrong');
      expect((await attempt(login, 'right password')).ok).toBe(true);
      await attempt(login, 'wrong');
      await attempt(login, 'wrong');
      expect((await attempt(login, 'right password')).ok).toBe(true);
    });

    it('uses 10 per account and 30 per address in 5 minutes by default', async () => {
      const login = service();
      for (let i = 0; i < 10; i++) await attempt(login, 'wrong', 'alice@acme.test', `10.1.0.${i}`);
      expect(await attempt(login, 'right password', 'alice@acme.test', '10.2.0.1')).toMatchObject({
        code: 'rate_limited',
        retryAfterMs: 5 * 60_000,
      });
    });
  });
});

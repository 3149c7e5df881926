import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginService } from '../auth/login';
import { verifyPassword } from '../auth/passwords';
import { SessionService } from '../auth/sessions';
import { FAST_SCRYPT_PARAMS } from '../auth/testing';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { AccountError, AccountService, normalizeDomain, normalizeEmail, normalizeName } from './accounts';

let store: Store;
let accounts: AccountService;

beforeEach(() => {
  store = openSqliteStore(':memory:');
  accounts = new AccountService(store, { domain: 'acme.test', hashParams: FAST_SCRYPT_PARAMS });
});
afterEach(() => store.close());

async function expectAccountError(promise: Promise<unknown>, code: AccountError['code'], message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AccountError);
  expect((error as AccountError).code).toBe(code);
  if (message) expect((error as AccountError).message).toMatch(message);
}

describe('normalizeEmail', () => {
  it('trims and lower-cases valid addresses', () => {
    expect(normalizeEmail('  Alice.Archer@ACME.test ')).toBe('alice.archer@acme.test');
    expect(normalizeEmail('a+tag@mail.acme.test')).toBe('a+tag@mail.acme.test');
  });

  it.each([
    '',
    'alice',
    '@acme.test',
    'alice@',
    'alice@@acme.test',
    'al ice@acme.test',
    'alice@acme..test',
    'alice@-acme.test',
    'alice@acme_test.com',
    '.alice@acme.test',
    `${'a'.repeat(65)}@acme.test`,
    'a<b>@acme.test',
  ])('refuses %j', (raw) => {
    expect(() => normalizeEmail(raw)).toThrow(AccountError);
  });
});

describe('normalizeDomain and normalizeName', () => {
  it('normalises domains', () => {
    expect(normalizeDomain(' @Acme.Test ')).toBe('acme.test');
    expect(normalizeDomain('not a domain')).toBeNull();
    expect(normalizeDomain('')).toBeNull();
  });

  it('trims names and collapses inner whitespace, 1..100 characters', () => {
    expect(normalizeName('  Alice   Archer ')).toBe('Alice Archer');
    expect(normalizeName('x'.repeat(100))).toHaveLength(100);
    expect(() => normalizeName('   ')).toThrow(/empty/);
    expect(() => normalizeName('x'.repeat(101))).toThrow(/at most 100/);
    expect(() => normalizeName('bad\u0007bell')).toThrow(/control/);
  });
});

describe('AccountService', () => {
  it('adds a user with a normalised e-mail and name and a hashed password', async () => {
    const user = await accounts.addUser({
      email: ' Alice@Acme.Test',
      name: ' Alice Archer ',
      password: 'sekrit-pw',
    });
    expect(user).toMatchObject({ email: 'alice@acme.test', name: 'Alice Archer', disabled: false });
    expect(user.passwordHash).not.toContain('sekrit-pw');
    expect(await verifyPassword('sekrit-pw', user.passwordHash)).toBe(true);
    expect(await accounts.list()).toEqual([user]);
    expect(await accounts.get('ALICE@acme.test')).toEqual(user);
  });

  it('refuses addresses outside the organisation domain with a clear error', async () => {
    await expectAccountError(
      accounts.addUser({ email: 'eve@evil.test', name: 'Eve', password: 'password1' }),
      'domain',
      /outside the organisation's domain acme\.test/,
    );
    await expectAccountError(
      accounts.addUser({ email: 'eve@sub.acme.test', name: 'Eve', password: 'password1' }),
      'domain',
    );
    expect(await accounts.list()).toEqual([]);
  });

  it('accepts any domain when the organisation has none', async () => {
    const open = new AccountService(store, { domain: null, hashParams: FAST_SCRYPT_PARAMS });
    expect((await open.addUser({ email: 'x@anywhere.test', name: 'X', password: 'password1' })).email).toBe(
      'x@anywhere.test',
    );
  });

  it('refuses a duplicate e-mail, whatever its case', async () => {
    await accounts.addUser({ email: 'bob@acme.test', name: 'Bob', password: 'password1' });
    await expectAccountError(
      accounts.addUser({ email: 'BOB@acme.test', name: 'Bobby', password: 'password2' }),
      'exists',
      /already exists/,
    );
  });

  it('refuses invalid input, storing nothing', async () => {
    await expectAccountError(
      accounts.addUser({ email: 'nope', name: 'X', password: 'password1' }),
      'invalid',
    );
    await expectAccountError(
      accounts.addUser({ email: 'x@acme.test', name: ' ', password: 'password1' }),
      'invalid',
    );
    await expectAccountError(
      accounts.addUser({ email: 'x@acme.test', name: 'X', password: 'short' }),
      'invalid',
      /at least 8/,
    );
    expect(await accounts.list()).toEqual([]);
  });

  it('refuses an invalid organisation domain', () => {
    expect(() => new AccountService(store, { domain: 'not a domain' })).toThrow(AccountError);
  });

  it('disables a user, ending its sessions, and enables it again', async () => {
    const user = await accounts.addUser({ email: 'carol@acme.test', name: 'Carol', password: 'password1' });
    const sessions = new SessionService(store);
    const { token } = await sessions.issue(user.id);
    expect((await accounts.disable('Carol@acme.test')).disabled).toBe(true);
    expect(await store.sessions.byTokenHash('x')).toBeNull();
    expect(await sessions.resolve(token)).toBeNull();
    expect((await store.users.byId(user.id))?.disabled).toBe(true);
    expect((await accounts.disable('carol@acme.test')).disabled).toBe(true);
    expect((await accounts.enable('carol@acme.test')).disabled).toBe(false);
    expect((await store.users.byId(user.id))?.disabled).toBe(false);
    // The ended session stays ended.
    expect(await sessions.resolve(token)).toBeNull();
  });

  it('resets a password: the new one logs in, the old one and old sessions do not', async () => {
    const user = await accounts.addUser({ email: 'dave@acme.test', name: 'Dave', password: 'old-password' });
    const sessions = new SessionService(store);
    const { token } = await sessions.issue(user.id);
    await accounts.resetPassword('dave@acme.test', 'new-password');
    expect(await sessions.resolve(token)).toBeNull();
    const login = new LoginService({ store, sessions, hashParams: FAST_SCRYPT_PARAMS });
    expect((await login.login({ email: 'dave@acme.test', password: 'new-password', address: 'a' })).ok).toBe(
      true,
    );
    expect((await login.login({ email: 'dave@acme.test', password: 'old-password', address: 'a' })).ok).toBe(
      false,
    );
    await expectAccountError(accounts.resetPassword('dave@acme.test', 'short'), 'invalid');
  });

  it('reports unknown users', async () => {
    await expectAccountError(accounts.disable('ghost@acme.test'), 'not_found', /no user ghost@acme\.test/);
    await expectAccountError(accounts.enable('ghost@acme.test'), 'not_found');
    await expectAccountError(accounts.resetPassword('ghost@acme.test', 'password1'), 'not_found');
    await expectAccountError(accounts.get('not-an-email'), 'invalid');
  });
});

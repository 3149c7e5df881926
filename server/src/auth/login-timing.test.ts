import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { LoginService } from './login';
import * as passwords from './passwords';
import { SessionService } from './sessions';
import { FAST_SCRYPT_PARAMS } from './testing';

vi.mock('./passwords', async (importOriginal) => {
  const original = await importOriginal<typeof import('./passwords')>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});

let store: Store;
beforeEach(() => {
  store = openSqliteStore(':memory:');
  vi.mocked(passwords.verifyPassword).mockClear();
});
afterEach(() => store.close());

describe('login timing', () => {
  it('runs exactly one scrypt verification whether or not the user exists', async () => {
    await store.users.create({
      email: 'alice@acme.test',
      name: 'Alice',
      passwordHash: await passwords.hashPassword('secret', FAST_SCRYPT_PARAMS),
    });
    const login = new LoginService({
      store,
      sessions: new SessionService(store),
      hashParams: FAST_SCRYPT_PARAMS,
    });
    const verify = vi.mocked(passwords.verifyPassword);

    await login.login({ email: 'nobody@acme.test', password: 'secret', address: 'a' });
    expect(verify).toHaveBeenCalledTimes(1);
    const dummyHash = verify.mock.calls[0]?.[1];
    expect(dummyHash?.startsWith('scrypt$1024$8$1$')).toBe(true);

    await login.login({ email: 'alice@acme.test', password: 'wrong', address: 'a' });
    expect(verify).toHaveBeenCalledTimes(2);
  });
});

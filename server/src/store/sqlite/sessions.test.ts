import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, UserRecord } from '../types';
import { openSqliteStore } from './index';
import { makeUser } from './testing/fixtures';

let store: Store;
let user: UserRecord;
let other: UserRecord;

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  user = await makeUser(store);
  other = await makeUser(store);
});
afterEach(() => store.close());

const session = (tokenHash: string, userId: string, expiresAt = 2_000) => ({
  tokenHash,
  userId,
  createdAt: 1_000,
  expiresAt,
});

describe('sessions', () => {
  it('stores a session and finds it by token hash', async () => {
    await store.sessions.create(session('h1', user.id));
    expect(await store.sessions.byTokenHash('h1')).toEqual(session('h1', user.id));
    expect(await store.sessions.byTokenHash('unknown')).toBeNull();
  });

  it('deletes one session', async () => {
    await store.sessions.create(session('h1', user.id));
    await store.sessions.create(session('h2', user.id));
    await store.sessions.delete('h1');
    await store.sessions.delete('never-existed');
    expect(await store.sessions.byTokenHash('h1')).toBeNull();
    expect(await store.sessions.byTokenHash('h2')).not.toBeNull();
  });

  it("deletes every session of a user and nobody else's", async () => {
    await store.sessions.create(session('h1', user.id));
    await store.sessions.create(session('h2', user.id));
    await store.sessions.create(session('h3', other.id));
    await store.sessions.deleteForUser(user.id);
    expect(await store.sessions.byTokenHash('h1')).toBeNull();
    expect(await store.sessions.byTokenHash('h2')).toBeNull();
    expect(await store.sessions.byTokenHash('h3')).not.toBeNull();
  });

  it('purges sessions expired at or before a time and counts them', async () => {
    await store.sessions.create(session('old', user.id, 1_500));
    await store.sessions.create(session('edge', user.id, 2_000));
    await store.sessions.create(session('fresh', other.id, 3_000));
    expect(await store.sessions.deleteExpired(2_000)).toBe(2);
    expect(await store.sessions.byTokenHash('fresh')).not.toBeNull();
    expect(await store.sessions.deleteExpired(2_000)).toBe(0);
  });

  it('refuses a session for an unknown user', async () => {
    await expect(store.sessions.create(session('h', 'ghost'))).rejects.toThrow();
  });
});

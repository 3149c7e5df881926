import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite';
import { tempDirs } from '../store/sqlite/testing/temp-files';
import type { Store, UserRecord } from '../store/types';
import { DEFAULT_SESSION_TTL_MS, SessionService } from './sessions';
import { hashToken } from './tokens';

const dirs = tempDirs();
const DAY = 24 * 60 * 60 * 1000;
let file: string;
let store: Store;
let clock: { now: number };
let sessions: SessionService;
let user: UserRecord;

beforeEach(async () => {
  file = join(dirs.make(), 'beacon.db');
  store = openSqliteStore(file);
  clock = { now: 1_000_000 };
  sessions = new SessionService(store, { now: () => clock.now });
  user = await store.users.create({ email: 'alice@acme.test', name: 'Alice', passwordHash: 'h' });
});
afterEach(async () => {
  await store.close();
  dirs.cleanup();
});

describe('sessions', () => {
  it('issues a random base64url token of 32 bytes that resolves to its user', async () => {
    const { token, expiresAt } = await sessions.issue(user.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(clock.now + DEFAULT_SESSION_TTL_MS);
    expect(DEFAULT_SESSION_TTL_MS).toBe(30 * DAY);
    expect(await sessions.resolve(token)).toEqual(user);
    expect((await sessions.issue(user.id)).token).not.toBe(token);
  });

  it('stores only the SHA-256 of the token', async () => {
    const { token } = await sessions.issue(user.id);
    expect(await store.sessions.byTokenHash(hashToken(token))).toMatchObject({ userId: user.id });
    const raw = new Database(file, { readonly: true });
    try {
      const rows = raw.prepare<[], { token_hash: string }>('SELECT token_hash FROM sessions').all();
      expect(rows.map((r) => r.token_hash)).toEqual([hashToken(token)]);
      expect(JSON.stringify(rows)).not.toContain(token);
    } finally {
      raw.close();
    }
  });

  it('refuses unknown and malformed tokens', async () => {
    await sessions.issue(user.id);
    for (const token of ['', 'x', 'A'.repeat(43), 'not a token at all', `${'A'.repeat(42)}=`]) {
      expect(await sessions.resolve(token)).toBeNull();
    }
  });

  it('expires tokens after their TTL and forgets them', async () => {
    const short = new SessionService(store, { now: () => clock.now, ttlMs: 60_000 });
    const { token } = await short.issue(user.id);
    clock.now += 59_999;
    expect(await short.resolve(token)).not.toBeNull();
    clock.now += 1;
    expect(await short.resolve(token)).toBeNull();
    expect(await store.sessions.byTokenHash(hashToken(token))).toBeNull();
  });

  it('refuses the tokens of a disabled user, and accepts them again once re-enabled', async () => {
    const { token } = await sessions.issue(user.id);
    await store.users.setDisabled(user.id, true);
    expect(await sessions.resolve(token)).toBeNull();
    await store.users.setDisabled(user.id, false);
    expect(await sessions.resolve(token)).not.toBeNull();
  });

  it('revokes one token, or all of a user', async () => {
    const first = await sessions.issue(user.id);
    const second = await sessions.issue(user.id);
    const third = await sessions.issue(user.id);
    await sessions.revoke(first.token);
    await sessions.revoke('garbage');
    expect(await sessions.resolve(first.token)).toBeNull();
    expect(await sessions.resolve(second.token)).not.toBeNull();
    await sessions.revokeAllForUser(user.id);
    expect(await sessions.resolve(second.token)).toBeNull();
    expect(await sessions.resolve(third.token)).toBeNull();
  });

  it('purges expired sessions', async () => {
    const short = new SessionService(store, { now: () => clock.now, ttlMs: 1_000 });
    await short.issue(user.id);
    await short.issue(user.id);
    const { token } = await sessions.issue(user.id);
    clock.now += 1_000;
    expect(await short.purgeExpired()).toBe(2);
    expect(await sessions.resolve(token)).not.toBeNull();
  });

  it('refuses a non-positive TTL', () => {
    expect(() => new SessionService(store, { ttlMs: 0 })).toThrow(RangeError);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

const session = (tokenHash: string, userId: string, expiresAt = 2_000) => ({
  tokenHash,
  userId,
  createdAt: 1_000,
  expiresAt,
});

describe.each(await storeFactories())('sessions ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let user: UserRecord;
  let other: UserRecord;
  beforeEach(async () => {
    user = await makeUser(ctx.store);
    other = await makeUser(ctx.store);
  });

  it('stores a session and finds it by token hash', async () => {
    await ctx.store.sessions.create(session('h1', user.id));
    expect(await ctx.store.sessions.byTokenHash('h1')).toEqual(session('h1', user.id));
    expect(await ctx.store.sessions.byTokenHash('unknown')).toBeNull();
  });

  it('deletes one session, idempotently', async () => {
    await ctx.store.sessions.create(session('h1', user.id));
    await ctx.store.sessions.create(session('h2', user.id));
    await ctx.store.sessions.delete('h1');
    await ctx.store.sessions.delete('h1');
    await ctx.store.sessions.delete('never-existed');
    expect(await ctx.store.sessions.byTokenHash('h1')).toBeNull();
    expect(await ctx.store.sessions.byTokenHash('h2')).not.toBeNull();
  });

  it("deletes every session of a user and nobody else's", async () => {
    await ctx.store.sessions.create(session('h1', user.id));
    await ctx.store.sessions.create(session('h2', user.id));
    await ctx.store.sessions.create(session('h3', other.id));
    await ctx.store.sessions.deleteForUser(user.id);
    expect(await ctx.store.sessions.byTokenHash('h1')).toBeNull();
    expect(await ctx.store.sessions.byTokenHash('h2')).toBeNull();
    expect(await ctx.store.sessions.byTokenHash('h3')).not.toBeNull();
  });

  it('purges sessions expired at or before a time and counts them', async () => {
    await ctx.store.sessions.create(session('old', user.id, 1_500));
    await ctx.store.sessions.create(session('edge', user.id, 2_000));
    await ctx.store.sessions.create(session('fresh', other.id, 3_000));
    expect(await ctx.store.sessions.deleteExpired(2_000)).toBe(2);
    expect(await ctx.store.sessions.byTokenHash('fresh')).not.toBeNull();
    expect(await ctx.store.sessions.deleteExpired(2_000)).toBe(0);
  });

  it('refuses a session for an unknown user, and a second one with the same token hash', async () => {
    await expect(ctx.store.sessions.create(session('h', 'ghost'))).rejects.toThrow();
    await ctx.store.sessions.create(session('h', user.id));
    await expect(ctx.store.sessions.create(session('h', other.id))).rejects.toThrow();
    expect(await ctx.store.sessions.byTokenHash('h')).toEqual(session('h', user.id));
  });

  it('lets another node see a session created, and revoked, by this one', async () => {
    const node = await ctx.openAnother();
    await ctx.store.sessions.create(session('shared', user.id));
    expect(await node.sessions.byTokenHash('shared')).toEqual(session('shared', user.id));
    await node.sessions.deleteForUser(user.id);
    expect(await ctx.store.sessions.byTokenHash('shared')).toBeNull();
  });
});

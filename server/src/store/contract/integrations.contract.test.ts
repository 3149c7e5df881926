import { describe, expect, it } from 'vitest';
import { DuplicateError } from '../types';
import { storeFactories, useContractStore } from './harness';

const phone = {
  name: 'phone',
  scopes: ['presence:read' as const, 'presence:write' as const],
  tokenHash: 'h1',
  createdAt: 1_000,
};

describe.each(await storeFactories())('integrations ($name)', (factory) => {
  const ctx = useContractStore(factory);

  it('stores an integration and finds it by name and by token hash', async () => {
    const created = await ctx.store.integrations.create(phone);
    expect(created).toEqual({ ...phone, id: expect.any(String), rotatedAt: null, revokedAt: null });
    expect(await ctx.store.integrations.activeByName('phone')).toEqual(created);
    expect(await ctx.store.integrations.activeByTokenHash('h1')).toEqual(created);
    expect(await ctx.store.integrations.activeByTokenHash('h2')).toBeNull();
    expect(await ctx.store.integrations.activeByName('calendar')).toBeNull();
  });

  it('refuses a second active integration of the same name, or a token hash in use', async () => {
    await ctx.store.integrations.create(phone);
    await expect(ctx.store.integrations.create({ ...phone, tokenHash: 'h2' })).rejects.toBeInstanceOf(
      DuplicateError,
    );
    await expect(ctx.store.integrations.create({ ...phone, name: 'calendar' })).rejects.toBeInstanceOf(
      DuplicateError,
    );
    expect(await ctx.store.integrations.list()).toHaveLength(1);
  });

  it('lets exactly one of two nodes create the same name at once', async () => {
    const node = await ctx.openAnother();
    const results = await Promise.allSettled([
      ctx.store.integrations.create(phone),
      node.integrations.create({ ...phone, tokenHash: 'h2' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')?.reason).toBeInstanceOf(DuplicateError);
  });

  it('revokes: the token hash no longer resolves, the row stays listed, the name is free again', async () => {
    await ctx.store.integrations.create(phone);
    expect(await ctx.store.integrations.revoke('phone', 2_000)).toMatchObject({ revokedAt: 2_000 });
    expect(await ctx.store.integrations.activeByTokenHash('h1')).toBeNull();
    expect(await ctx.store.integrations.activeByName('phone')).toBeNull();
    expect(await ctx.store.integrations.revoke('phone', 3_000)).toBeNull();
    const again = await ctx.store.integrations.create({ ...phone, tokenHash: 'h2', createdAt: 4_000 });
    expect((await ctx.store.integrations.list()).map((i) => [i.name, i.revokedAt])).toEqual([
      ['phone', 2_000],
      ['phone', null],
    ]);
    expect(await ctx.store.integrations.activeByName('phone')).toEqual(again);
  });

  it('lists every integration oldest first, in the order added when created at the same time', async () => {
    const names = ['zeta', 'alpha', 'mid'];
    for (const [i, name] of names.entries()) {
      await ctx.store.integrations.create({ ...phone, name, tokenHash: `t-${name}`, createdAt: 500 });
      if (i === 0) await ctx.store.integrations.create({ ...phone, tokenHash: 'old', createdAt: 100 });
    }
    expect((await ctx.store.integrations.list()).map((i) => i.name)).toEqual(['phone', ...names]);
  });

  it('rotates: the new hash resolves, the old one does not', async () => {
    await ctx.store.integrations.create(phone);
    const rotated = await ctx.store.integrations.rotate('phone', 'h2', 5_000);
    expect(rotated).toMatchObject({ tokenHash: 'h2', rotatedAt: 5_000, scopes: phone.scopes });
    expect(await ctx.store.integrations.activeByTokenHash('h1')).toBeNull();
    expect(await ctx.store.integrations.activeByTokenHash('h2')).toEqual(rotated);
    expect(await ctx.store.integrations.rotate('nobody', 'h3', 5_000)).toBeNull();
    await ctx.store.integrations.revoke('phone', 6_000);
    expect(await ctx.store.integrations.rotate('phone', 'h4', 7_000)).toBeNull();
  });
});

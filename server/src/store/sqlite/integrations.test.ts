import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, type Store } from '../types';
import { openSqliteStore } from './index';

let store: Store;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

const phone = {
  name: 'phone',
  scopes: ['presence:read' as const, 'presence:write' as const],
  tokenHash: 'h1',
  createdAt: 1_000,
};

describe('integrations', () => {
  it('stores an integration and finds it by name and by token hash', async () => {
    const created = await store.integrations.create(phone);
    expect(created).toMatchObject({ ...phone, rotatedAt: null, revokedAt: null });
    expect(await store.integrations.activeByName('phone')).toEqual(created);
    expect(await store.integrations.activeByTokenHash('h1')).toEqual(created);
    expect(await store.integrations.activeByTokenHash('h2')).toBeNull();
    expect(await store.integrations.activeByName('calendar')).toBeNull();
  });

  it('refuses a second active integration of the same name', async () => {
    await store.integrations.create(phone);
    await expect(store.integrations.create({ ...phone, tokenHash: 'h2' })).rejects.toBeInstanceOf(
      DuplicateError,
    );
  });

  it('revokes: the token hash no longer resolves, the row stays listed, the name is free again', async () => {
    await store.integrations.create(phone);
    expect(await store.integrations.revoke('phone', 2_000)).toMatchObject({ revokedAt: 2_000 });
    expect(await store.integrations.activeByTokenHash('h1')).toBeNull();
    expect(await store.integrations.activeByName('phone')).toBeNull();
    expect(await store.integrations.revoke('phone', 3_000)).toBeNull();
    const again = await store.integrations.create({ ...phone, tokenHash: 'h2', createdAt: 4_000 });
    expect((await store.integrations.list()).map((i) => [i.name, i.revokedAt])).toEqual([
      ['phone', 2_000],
      ['phone', null],
    ]);
    expect(await store.integrations.activeByName('phone')).toEqual(again);
  });

  it('rotates: the new hash resolves, the old one does not', async () => {
    await store.integrations.create(phone);
    expect(await store.integrations.rotate('phone', 'h2', 5_000)).toMatchObject({
      tokenHash: 'h2',
      rotatedAt: 5_000,
    });
    expect(await store.integrations.activeByTokenHash('h1')).toBeNull();
    expect(await store.integrations.activeByTokenHash('h2')).toMatchObject({ name: 'phone' });
    expect(await store.integrations.rotate('nobody', 'h3', 5_000)).toBeNull();
  });
});

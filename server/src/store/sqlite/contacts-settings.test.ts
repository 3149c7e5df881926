import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, type Store } from '../types';
import { openSqliteStore } from './index';
import { makeUser } from './testing/fixtures';

let store: Store;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

describe('contacts', () => {
  it('lists contacts in the order they were added, idempotently', async () => {
    const [owner, a, b, c] = await Promise.all([1, 2, 3, 4].map(() => makeUser(store)));
    if (!owner || !a || !b || !c) throw new Error('fixture');
    await store.contacts.add(owner.id, b.id);
    await store.contacts.add(owner.id, a.id);
    await store.contacts.add(owner.id, b.id);
    await store.contacts.add(owner.id, c.id);
    expect(await store.contacts.list(owner.id)).toEqual([b.id, a.id, c.id]);
    expect(await store.contacts.list(a.id)).toEqual([]);
  });

  it('removes a contact idempotently; adding again puts it last', async () => {
    const [owner, a, b] = await Promise.all([1, 2, 3].map(() => makeUser(store)));
    if (!owner || !a || !b) throw new Error('fixture');
    await store.contacts.add(owner.id, a.id);
    await store.contacts.add(owner.id, b.id);
    await store.contacts.remove(owner.id, a.id);
    await store.contacts.remove(owner.id, a.id);
    expect(await store.contacts.list(owner.id)).toEqual([b.id]);
    await store.contacts.add(owner.id, a.id);
    expect(await store.contacts.list(owner.id)).toEqual([b.id, a.id]);
  });

  it('refuses an unknown user as contact', async () => {
    const owner = await makeUser(store);
    await expect(store.contacts.add(owner.id, 'ghost')).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.contacts.list(owner.id)).toEqual([]);
  });
});

describe('settings', () => {
  it('gets, sets and overwrites a value', async () => {
    expect(await store.settings.get('org.domain')).toBeNull();
    await store.settings.set('org.domain', 'acme.test');
    expect(await store.settings.get('org.domain')).toBe('acme.test');
    await store.settings.set('org.domain', 'example.com');
    expect(await store.settings.get('org.domain')).toBe('example.com');
  });

  it('sets a value only when absent and returns the stored one', async () => {
    expect(await store.settings.setIfAbsent('k', 'first')).toBe('first');
    expect(await store.settings.setIfAbsent('k', 'second')).toBe('first');
    expect(await store.settings.get('k')).toBe('first');
  });
});

import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

const factories = await storeFactories();

describe.each(factories)('contacts ($name)', (factory) => {
  const ctx = useContractStore(factory);

  it('lists contacts in the order they were added, idempotently', async () => {
    const [owner, a, b, c] = await Promise.all([1, 2, 3, 4].map(() => makeUser(ctx.store)));
    if (!owner || !a || !b || !c) throw new Error('fixture');
    await ctx.store.contacts.add(owner.id, b.id);
    await ctx.store.contacts.add(owner.id, a.id);
    await ctx.store.contacts.add(owner.id, b.id);
    await ctx.store.contacts.add(owner.id, c.id);
    expect(await ctx.store.contacts.list(owner.id)).toEqual([b.id, a.id, c.id]);
    expect(await ctx.store.contacts.list(a.id)).toEqual([]);
  });

  it('removes a contact idempotently; adding again puts it last', async () => {
    const [owner, a, b] = await Promise.all([1, 2, 3].map(() => makeUser(ctx.store)));
    if (!owner || !a || !b) throw new Error('fixture');
    await ctx.store.contacts.add(owner.id, a.id);
    await ctx.store.contacts.add(owner.id, b.id);
    await ctx.store.contacts.remove(owner.id, a.id);
    await ctx.store.contacts.remove(owner.id, a.id);
    await ctx.store.contacts.remove(owner.id, 'ghost');
    expect(await ctx.store.contacts.list(owner.id)).toEqual([b.id]);
    await ctx.store.contacts.add(owner.id, a.id);
    expect(await ctx.store.contacts.list(owner.id)).toEqual([b.id, a.id]);
  });

  it('refuses an unknown user as contact or as owner', async () => {
    const owner = await makeUser(ctx.store);
    await expect(ctx.store.contacts.add(owner.id, 'ghost')).rejects.toBeInstanceOf(NotFoundError);
    await expect(ctx.store.contacts.add('ghost', owner.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await ctx.store.contacts.list(owner.id)).toEqual([]);
  });

  it('keeps one entry when two nodes add the same contact at once', async () => {
    const [owner, a] = await Promise.all([1, 2].map(() => makeUser(ctx.store)));
    if (!owner || !a) throw new Error('fixture');
    const node = await ctx.openAnother();
    await Promise.all([ctx.store.contacts.add(owner.id, a.id), node.contacts.add(owner.id, a.id)]);
    expect(await node.contacts.list(owner.id)).toEqual([a.id]);
  });
});

describe.each(factories)('settings ($name)', (factory) => {
  const ctx = useContractStore(factory);

  it('gets, sets and overwrites a value', async () => {
    expect(await ctx.store.settings.get('org.domain')).toBeNull();
    await ctx.store.settings.set('org.domain', 'acme.test');
    expect(await ctx.store.settings.get('org.domain')).toBe('acme.test');
    await ctx.store.settings.set('org.domain', 'example.com');
    expect(await ctx.store.settings.get('org.domain')).toBe('example.com');
  });

  it('sets a value only when absent and returns the stored one', async () => {
    expect(await ctx.store.settings.setIfAbsent('k', 'first')).toBe('first');
    expect(await ctx.store.settings.setIfAbsent('k', 'second')).toBe('first');
    expect(await ctx.store.settings.get('k')).toBe('first');
    await ctx.store.settings.set('k', 'third');
    expect(await ctx.store.settings.setIfAbsent('k', 'fourth')).toBe('third');
  });

  it('gives every node the same value when they all set one if absent at once', async () => {
    const nodes = [ctx.store, await ctx.openAnother(), await ctx.openAnother()];
    const stored = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        nodes[i % nodes.length]?.settings.setIfAbsent('demo.seed', `v${i}`),
      ),
    );
    expect(new Set(stored).size).toBe(1);
    expect(await ctx.store.settings.get('demo.seed')).toBe(stored[0]);
  });

  it('keeps values exactly, empty and non-ASCII ones included', async () => {
    await ctx.store.settings.set('empty', '');
    await ctx.store.settings.set('text', 'Grüße 👋 "quoted"\nline');
    expect(await ctx.store.settings.get('empty')).toBe('');
    expect(await ctx.store.settings.get('text')).toBe('Grüße 👋 "quoted"\nline');
  });
});

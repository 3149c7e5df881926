import { describe, expect, it } from 'vitest';
import { defaultLayers, type PresenceLayers } from '../../presence/layers';
import { makeUser } from './fixtures';
import { type ContractStore, storeFactories, useContractStore } from './harness';

const layers: PresenceLayers = {
  chosen: { status: 'busy', message: 'Release day', until: 1_700_000_600_000 },
  outOfOffice: { from: 1_700_001_000_000, to: 1_700_002_000_000, message: null },
  claims: [
    { id: 'call-1', source: 'phone', status: 'busy', activity: 'On a call', until: 1_700_000_300_000 },
    { id: 'meeting', source: 'calendar', status: 'dnd', activity: null, until: null },
  ],
};

const save = (store: ContractStore, userId: string, userLayers: PresenceLayers) =>
  store.presence.saveAll([{ userId, layers: userLayers }]);

const byUser = async (store: ContractStore) =>
  Object.fromEntries((await store.presence.loadAll()).map((entry) => [entry.userId, entry.layers]));

describe.each(await storeFactories())('presence layers ($name)', (factory) => {
  const ctx = useContractStore(factory);

  it('stores chosen status, out of office and claims exactly', async () => {
    const user = await makeUser(ctx.store);
    await save(ctx.store, user.id, layers);
    expect(await ctx.store.presence.loadAll()).toEqual([{ userId: user.id, layers }]);
    const note: PresenceLayers = {
      chosen: { status: 'away', message: 'Grüße — "back" at 3 👋', until: null },
      outOfOffice: { from: 1, to: 2, message: 'Holiday' },
      claims: [],
    };
    await save(ctx.store, user.id, note);
    expect(await byUser(ctx.store)).toEqual({ [user.id]: note });
  });

  it('keeps the current layers across a reopen, one row per user', async () => {
    const [a, b] = [await makeUser(ctx.store), await makeUser(ctx.store)];
    await save(ctx.store, a.id, layers);
    await save(ctx.store, b.id, {
      ...defaultLayers(),
      chosen: { status: 'offline', message: null, until: null },
    });
    await save(ctx.store, a.id, { ...layers, claims: [] });
    const reopened = await ctx.reopen();
    const loaded = await reopened.presence.loadAll();
    expect(loaded).toHaveLength(2);
    expect(loaded.find((r) => r.userId === a.id)?.layers).toEqual({ ...layers, claims: [] });
    expect(loaded.find((r) => r.userId === b.id)?.layers.chosen.status).toBe('offline');
  });

  it('deletes the row when the layers are back to the default (no history kept)', async () => {
    const user = await makeUser(ctx.store);
    await save(ctx.store, user.id, layers);
    await save(ctx.store, user.id, defaultLayers());
    expect(await ctx.store.presence.loadAll()).toEqual([]);
    await save(ctx.store, user.id, defaultLayers());
    expect(await ctx.store.presence.loadAll()).toEqual([]);
  });

  it('writes a batch in one transaction: a failing entry leaves none of it', async () => {
    const [user, other] = [await makeUser(ctx.store), await makeUser(ctx.store)];
    await save(ctx.store, other.id, layers);
    await expect(
      ctx.store.presence.saveAll([
        { userId: user.id, layers },
        { userId: other.id, layers: defaultLayers() },
        { userId: 'no-such-user', layers },
      ]),
    ).rejects.toThrow(/foreign key/i);
    expect(await ctx.store.presence.loadAll()).toEqual([{ userId: other.id, layers }]);
  });

  it("writes a batch as if entry by entry: each user's last entry wins", async () => {
    const [a, b, c] = [await makeUser(ctx.store), await makeUser(ctx.store), await makeUser(ctx.store)];
    await save(ctx.store, c.id, layers);
    const away: PresenceLayers = {
      ...defaultLayers(),
      chosen: { status: 'away', message: null, until: null },
    };
    await ctx.store.presence.saveAll([
      { userId: a.id, layers },
      { userId: b.id, layers: away },
      { userId: a.id, layers: { ...layers, claims: [] } },
      { userId: b.id, layers: defaultLayers() },
      { userId: c.id, layers: defaultLayers() },
      { userId: c.id, layers: away },
    ]);
    expect(await byUser(ctx.store)).toEqual({ [a.id]: { ...layers, claims: [] }, [c.id]: away });
    await ctx.store.presence.saveAll([]);
    expect(Object.keys(await byUser(ctx.store))).toHaveLength(2);
  });

  it('lets another node load what this one saved', async () => {
    const user = await makeUser(ctx.store);
    await save(ctx.store, user.id, layers);
    const node = await ctx.openAnother();
    expect(await node.presence.loadAll()).toEqual([{ userId: user.id, layers }]);
  });
});

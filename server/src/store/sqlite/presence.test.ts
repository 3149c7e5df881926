import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLayers, type PresenceLayers } from '../../presence/layers';
import type { Store } from '../types';
import { openSqliteStore } from './index';
import { makeUser } from './testing/fixtures';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const layers: PresenceLayers = {
  chosen: { status: 'busy', message: 'Release day', until: 1_700_000_600_000 },
  outOfOffice: { from: 1_700_001_000_000, to: 1_700_002_000_000, message: null },
  claims: [
    { id: 'call-1', source: 'phone', status: 'busy', activity: 'On a call', until: 1_700_000_300_000 },
  ],
};

const save = (store: Store, userId: string, userLayers: PresenceLayers) =>
  store.presence.saveAll([{ userId, layers: userLayers }]);

describe('SqlitePresenceRepository', () => {
  it('keeps the current layers across a reopen, one row per user', async () => {
    const file = join(dirs.make(), 'beacon.db');
    const store = openSqliteStore(file);
    const [a, b] = [await makeUser(store), await makeUser(store)];
    await save(store, a.id, layers);
    await save(store, b.id, {
      ...defaultLayers(),
      chosen: { status: 'offline', message: null, until: null },
    });
    await save(store, a.id, { ...layers, claims: [] });
    await store.close();

    const reopened = openSqliteStore(file);
    const loaded = await reopened.presence.loadAll();
    expect(loaded).toHaveLength(2);
    expect(loaded.find((r) => r.userId === a.id)?.layers).toEqual({ ...layers, claims: [] });
    expect(loaded.find((r) => r.userId === b.id)?.layers.chosen.status).toBe('offline');
    await reopened.close();
  });

  it('deletes the row when the layers are back to the default (no history kept)', async () => {
    const store = openSqliteStore(':memory:');
    const user = await makeUser(store);
    await save(store, user.id, layers);
    await save(store, user.id, defaultLayers());
    expect(await store.presence.loadAll()).toEqual([]);
    await store.close();
  });

  it('writes a batch in one transaction: a failing entry leaves none of it', async () => {
    const store = openSqliteStore(':memory:');
    const user = await makeUser(store);
    await expect(
      store.presence.saveAll([
        { userId: user.id, layers },
        { userId: 'no-such-user', layers },
      ]),
    ).rejects.toThrow(/FOREIGN KEY/);
    expect(await store.presence.loadAll()).toEqual([]);
    await store.presence.saveAll([
      { userId: user.id, layers },
      { userId: user.id, layers: { ...layers, claims: [] } },
    ]);
    expect(await store.presence.loadAll()).toEqual([{ userId: user.id, layers: { ...layers, claims: [] } }]);
    await store.close();
  });

  it('stores claims and out of office exactly', async () => {
    const store = openSqliteStore(':memory:');
    const user = await makeUser(store);
    await save(store, user.id, layers);
    expect(await store.presence.loadAll()).toEqual([{ userId: user.id, layers }]);
    await store.close();
  });
});

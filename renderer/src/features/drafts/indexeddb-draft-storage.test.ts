import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { draftDatabaseName, IndexedDbDraftStorage } from './indexeddb-draft-storage';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('IndexedDbDraftStorage', () => {
  it('keeps drafts per conversation across a restart and forgets emptied ones', async () => {
    const name = draftDatabaseName({ serverUrl: 'http://beacon.test', userId: 'u1' });
    const first = new IndexedDbDraftStorage(name);
    await first.save('c1', 'half a thought');
    await first.save('c2', 'gone soon');
    await first.save('c2', '');
    await first.close();

    const second = new IndexedDbDraftStorage(name);
    expect(await second.load('c1')).toBe('half a thought');
    expect(await second.load('c2')).toBeNull();
    await second.close();
  });

  it('keeps separate drafts for separate accounts', async () => {
    const alice = new IndexedDbDraftStorage(draftDatabaseName({ serverUrl: 'http://b', userId: 'alice' }));
    await alice.save('c1', 'secret');
    const bob = new IndexedDbDraftStorage(draftDatabaseName({ serverUrl: 'http://b', userId: 'bob' }));
    expect(await bob.load('c1')).toBeNull();
  });
});

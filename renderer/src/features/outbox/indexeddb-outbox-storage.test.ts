import 'fake-indexeddb/auto';
import type { Message } from '@beacon/protocol';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox } from '../../socket/outbox';
import { createAppStore, type OutboxItem } from '../../store';
import { V2_DEFAULTS } from '../../test/messages';
import { IndexedDbOutboxStorage, openOutboxStorage, outboxDatabaseName } from './indexeddb-outbox-storage';

const account = { serverUrl: 'https://chat.example.com', userId: 'u1' };
const opened: IndexedDbOutboxStorage[] = [];

function storage(name = outboxDatabaseName(account)): IndexedDbOutboxStorage {
  const created = new IndexedDbOutboxStorage(name);
  opened.push(created);
  return created;
}

function item(clientId: string, createdAt: number, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    clientId,
    conversationId: 'c1',
    body: `body ${clientId}`,
    createdAt,
    state: 'pending',
    error: null,
    ...overrides,
  };
}

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  for (const each of opened.splice(0)) await each.close();
  vi.restoreAllMocks();
});

describe('IndexedDbOutboxStorage', () => {
  it('keeps items across a restart, in the order they were written', async () => {
    const first = storage();
    await first.save(item('b', 2));
    await first.save(item('a', 1));
    await first.save(item('c', 3, { state: 'failed', error: { code: 'too_large', message: 'too long' } }));
    await first.remove('b');
    await first.close();

    const afterRestart = storage();
    expect(await afterRestart.load()).toEqual([
      item('a', 1),
      item('c', 3, { state: 'failed', error: { code: 'too_large', message: 'too long' } }),
    ]);
  });

  it('keeps each account to itself', async () => {
    const mine = openOutboxStorage(account);
    opened.push(mine);
    await mine.save(item('a', 1));
    const theirs = storage(outboxDatabaseName({ ...account, userId: 'u2' }));
    expect(await theirs.load()).toEqual([]);
    expect(mine.name).toBe('beacon-outbox:https://chat.example.com:u1');
  });

  it('skips damaged records instead of sending them', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = storage();
    await first.save(item('good', 1));
    await first.close();
    const raw = await openDB(outboxDatabaseName(account), 1);
    await raw.put('items', { clientId: 'bad', createdAt: 2, body: 42 });
    raw.close();
    expect((await storage().load()).map((i) => i.clientId)).toEqual(['good']);
    expect(console.warn).toHaveBeenCalledOnce();
  });

  it('degrades to memory when IndexedDB cannot be opened, without losing the outbox', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(globalThis.indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('blocked by policy', 'SecurityError');
    });
    const broken = storage();
    await expect(broken.save(item('a', 1))).resolves.toBeUndefined();
    await expect(broken.remove('a')).resolves.toBeUndefined();
    expect(await broken.load()).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
  });
});

describe('the outbox on IndexedDB', () => {
  it('sends a message written offline after an app restart, with the same clientId', async () => {
    // First run: offline; the message is written and the app quits.
    const firstStore = createAppStore();
    const firstRun = new Outbox({
      store: firstStore,
      storage: storage(),
      send: vi.fn(),
      isOnline: () => false,
      onDelivered: () => {},
    });
    const written = firstRun.enqueue('c1', 'written on the train', 1_000);
    firstRun.stop();
    await vi.waitFor(async () => expect(await storage().load()).toHaveLength(1));

    // Second run: the outbox comes back from disk, shows the message, and sends it once online.
    const store = createAppStore();
    const sent: OutboxItem[] = [];
    const delivered: Message[] = [];
    const secondStorage = storage();
    const secondRun = new Outbox({
      store,
      storage: secondStorage,
      send: async (pending) => {
        sent.push(pending);
        return { ...V2_DEFAULTS, id: 'm1', seq: 1, senderId: 'u1', sentAt: 2_000, ...pending };
      },
      isOnline: () => true,
      onDelivered: (message) => delivered.push(message),
    });
    await secondRun.restore();
    await vi.waitFor(() => expect(delivered).toHaveLength(1));
    expect(sent.map((s) => [s.clientId, s.body])).toEqual([[written.clientId, 'written on the train']]);
    await vi.waitFor(async () => expect(await secondStorage.load()).toEqual([]));
    secondRun.stop();
  });
});

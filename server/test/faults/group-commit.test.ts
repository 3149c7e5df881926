import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite';
import { NotFoundError, type Store } from '../../src/store/types';

// The message store commits the appends of one event-loop turn together (one fsync);
// each must still behave exactly as if it had been committed alone.
let dir: string;
let file: string;
let store: Store;
let senders: string[];
let conversationId: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-group-commit-'));
  file = join(dir, 'beacon.db');
  store = openSqliteStore(file);
  senders = [];
  for (const name of ['a', 'b']) {
    senders.push((await store.users.create({ email: `${name}@x.test`, name, passwordHash: 'x' })).id);
  }
  const created = await store.conversations.create({
    kind: 'group',
    title: null,
    memberIds: senders,
    createdAt: 1,
  });
  conversationId = created.conversation.id;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const append = (clientId: string, senderId = senders[0] ?? '') =>
  store.messages.append({ conversationId, senderId, clientId, body: clientId, sentAt: 1 });

it('gives the appends of one turn consecutive seqs in call order', async () => {
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => append(`c${i}`)));
  expect(results.map((r) => r.message.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  expect(results.every((r) => r.created)).toBe(true);
});

it('fails only the bad append of a batch, without a gap', async () => {
  const outcomes = await Promise.allSettled([
    append('before'),
    append('ghost', 'no-such-user'),
    append('after'),
  ]);
  expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { message: { seq: 1 } } });
  expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: expect.any(NotFoundError) });
  expect(outcomes[2]).toMatchObject({ status: 'fulfilled', value: { message: { seq: 2 } } });
  const missing = store.messages.append({
    conversationId: 'missing',
    senderId: senders[0] ?? '',
    clientId: 'x',
    body: 'x',
    sentAt: 1,
  });
  await expect(missing).rejects.toBeInstanceOf(NotFoundError);
});

it('stores a clientId repeated within one batch once', async () => {
  const [first, retry, other] = await Promise.all([
    append('same'),
    append('same'),
    append('same', senders[1]),
  ]);
  expect(first?.created).toBe(true);
  expect(retry).toEqual({ message: first?.message, created: false, memberIds: first?.memberIds });
  expect(other?.message.seq).toBe(2);
});

it('commits pending appends before the store closes', async () => {
  const pending = append('last words');
  await store.close();
  await expect(pending).resolves.toMatchObject({ message: { seq: 1 } });
  const db = new Database(file, { readonly: true });
  try {
    expect(db.prepare('SELECT client_id FROM messages').all()).toEqual([{ client_id: 'last words' }]);
  } finally {
    db.close();
  }
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Message } from '@beacon/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchQuery, Store, UserRecord } from '../types';
import { openSqliteStore } from './index';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { SCOPE_FILTER_MAX_CONVERSATIONS } from './search';
import { makeUser } from './testing/fixtures';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();
let file: string;
let store: Store;
let alice: UserRecord;
let bob: UserRecord;
let carol: UserRecord;
let team: string;

async function group(memberIds: string[]): Promise<string> {
  const { conversation } = await store.conversations.create({
    kind: 'group',
    title: `group ${randomUUID()}`,
    memberIds,
    createdAt: 1,
  });
  return conversation.id;
}

async function send(conversationId: string, body: string, senderId = alice.id): Promise<Message> {
  const { message } = await store.messages.append({
    conversationId,
    senderId,
    clientId: randomUUID(),
    body,
    sentAt: 1_000,
  });
  return message;
}

const search = (userId: string, query: string, extra: Partial<SearchQuery> = {}) =>
  store.search.search(userId, { query, limit: 20, ...extra });
const bodies = (result: { hits: Array<{ message: Message }> }) => result.hits.map((hit) => hit.message.body);

beforeEach(async () => {
  file = join(dirs.make(), 'beacon.db');
  store = openSqliteStore(file);
  alice = await makeUser(store, 'Alice');
  bob = await makeUser(store, 'Bob');
  carol = await makeUser(store, 'Carol');
  team = await group([alice.id, bob.id]);
});
afterEach(async () => {
  await store.close();
  dirs.cleanup();
});

// What every store does is the store contract's (store/contract/search.contract.test.ts); here
// what is FTS5's own: the upgrade that built the index, and the scope filter of its MATCH.
describe('the FTS5 index (SQLite)', () => {
  it('indexes the messages of a database upgraded from version 8', async () => {
    const oldFile = join(dirs.make(), 'old.db');
    const db = new Database(oldFile);
    migrate(db, MIGRATIONS.slice(0, 8));
    db.exec(`
      INSERT INTO users (id, email, name, name_key, password_hash, disabled, created_at)
        VALUES ('u1', 'u1@acme.test', 'U1', 'u1', 'h', 0, 1);
      INSERT INTO conversations (id, kind, title, direct_key, last_seq, last_activity_at, created_at)
        VALUES ('c1', 'group', 'Old', NULL, 4, 1, 1);
      INSERT INTO conversation_members (conversation_id, user_id, position) VALUES ('c1', 'u1', 0);
      INSERT INTO member_periods (conversation_id, user_id, from_seq, to_seq) VALUES ('c1', 'u1', 1, NULL);
      INSERT INTO messages (conversation_id, seq, id, sender_id, client_id, body, sent_at) VALUES
        ('c1', 1, 'm1', 'u1', 'k1', 'old harbour', 1),
        ('c1', 2, 'm2', 'u1', 'k2', 'first draft', 2),
        ('c1', 3, 'm3', 'u1', 'k3', 'deleted harbour', 3);
      INSERT INTO messages (conversation_id, seq, id, sender_id, client_id, body, sent_at, kind, system)
        VALUES ('c1', 4, 'm4', 'u1', 'k4', 'harbour created', 4, 'system', '{}');
      INSERT INTO message_versions (message_id, version, kind, body, at, actor_id) VALUES
        ('m2', 2, 'edited', 'final harbour draft', 5, 'u1'),
        ('m3', 2, 'deleted', '', 6, 'u1');
      UPDATE messages SET version = 2, edited_at = 5 WHERE id = 'm2';
      UPDATE messages SET version = 2, deleted_at = 6 WHERE id = 'm3';
    `);
    db.close();
    const upgraded = openSqliteStore(oldFile);
    try {
      const result = await upgraded.search.search('u1', { query: 'harbour', limit: 10 });
      expect(result.hits.map((hit) => [hit.message.id, hit.snippet])).toEqual([
        ['m2', 'final \u0002harbour\u0003 draft'],
        ['m1', 'old \u0002harbour\u0003'],
      ]);
      await upgraded.messages.append({
        conversationId: 'c1',
        senderId: 'u1',
        clientId: 'k5',
        body: 'new harbour',
        sentAt: 7,
      });
      const after = await upgraded.search.search('u1', { query: 'harbour', limit: 10 });
      expect(after.hits.map((hit) => hit.message.id)).toEqual([expect.any(String), 'm2', 'm1']);
    } finally {
      await upgraded.close();
    }
  });

  it(`filters by member periods alone for a searcher of more than ${SCOPE_FILTER_MAX_CONVERSATIONS} conversations`, async () => {
    const many: string[] = [];
    for (let i = 0; i <= SCOPE_FILTER_MAX_CONVERSATIONS; i++) many.push(await group([carol.id, bob.id]));
    await send(team, 'tulip in a conversation carol is not in');
    await send(many[7] ?? team, 'tulip for carol', bob.id);
    expect(bodies(await search(carol.id, 'tulip'))).toEqual(['tulip for carol']);
    expect(bodies(await search(bob.id, 'tulip'))).toHaveLength(2);
  });
});

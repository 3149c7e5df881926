import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../types';
import { openDatabase } from './database';
import { openSqliteStore } from './index';
import { MemberCache } from './member-cache';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();

describe('MemberCache', () => {
  it('keeps known conversations only, at most its size, the least recently used going first', () => {
    const db = openDatabase(':memory:');
    db.exec(`CREATE TABLE conversation_members (conversation_id TEXT, user_id TEXT, position INTEGER);
      INSERT INTO conversation_members VALUES ('c1', 'a', 0), ('c1', 'b', 1), ('c2', 'a', 0), ('c3', 'c', 0);`);
    const cache = new MemberCache(db, 2);
    expect(cache.memberIds('c1')).toEqual(['a', 'b']);
    expect(cache.memberIds('nope')).toEqual([]);
    db.exec(`INSERT INTO conversation_members VALUES ('nope', 'z', 0)`);
    expect(cache.isMember('nope', 'z')).toBe(true);
    // c1 was used last; c2 then c3 push out the oldest (nope, then c1's turn comes after c2).
    expect(cache.isMember('c2', 'a')).toBe(true);
    expect(cache.isMember('c1', 'b')).toBe(true);
    expect(cache.isMember('c3', 'c')).toBe(true);
    db.exec(`DELETE FROM conversation_members WHERE conversation_id IN ('c1', 'c2')`);
    expect(cache.memberIds('c1')).toEqual(['a', 'b']);
    expect(cache.memberIds('c2')).toEqual([]);
    cache.forget('c1');
    expect(cache.memberIds('c1')).toEqual([]);
    db.close();
  });

  it('hands out copies', () => {
    const db = openDatabase(':memory:');
    db.exec(`CREATE TABLE conversation_members (conversation_id TEXT, user_id TEXT, position INTEGER);
      INSERT INTO conversation_members VALUES ('c1', 'a', 0);`);
    const cache = new MemberCache(db);
    cache.memberIds('c1').push('intruder');
    expect(cache.memberIds('c1')).toEqual(['a']);
    db.close();
  });
});

describe('the SQLite store with cached members', () => {
  let store: Store;
  let file: string;
  const ids: string[] = [];
  beforeEach(async () => {
    file = join(dirs.make(), 'beacon.db');
    store = openSqliteStore(file);
    ids.length = 0;
    for (const name of ['ann', 'ben', 'cid']) {
      ids.push((await store.users.create({ email: `${name}@x.test`, name, passwordHash: 'x' })).id);
    }
  });
  afterEach(async () => {
    await store.close();
    dirs.cleanup();
  });

  const send = (conversationId: string, senderId: string, clientId: string) =>
    store.messages.append({ conversationId, senderId, clientId, body: clientId, sentAt: 1 });

  it('sees every membership change at once: add, remove, leave', async () => {
    const [ann, ben, cid] = ids as [string, string, string];
    const describe = () => 'change';
    const { conversation } = await store.conversations.create({
      kind: 'group',
      title: 'g',
      memberIds: [ann, ben],
      createdAt: 1,
    });
    expect((await send(conversation.id, ann, 'm1')).memberIds).toEqual([ann, ben]);
    await store.conversations.update({
      conversationId: conversation.id,
      actorId: ann,
      at: 2,
      describe,
      addMemberIds: [cid],
      maxMembers: 10,
    });
    expect((await send(conversation.id, cid, 'm2')).memberIds).toEqual([ann, ben, cid]);
    await store.conversations.update({
      conversationId: conversation.id,
      actorId: ann,
      at: 3,
      describe,
      removeMemberIds: [ben],
      maxMembers: 10,
    });
    await expect(send(conversation.id, ben, 'm3')).rejects.toThrow('not a member');
    expect(await store.conversations.isMember(conversation.id, ben)).toBe(false);
    await store.conversations.leave({ conversationId: conversation.id, userId: cid, at: 4, describe });
    expect((await store.conversations.byId(conversation.id))?.memberIds).toEqual([ann]);
    expect((await send(conversation.id, ann, 'm4')).memberIds).toEqual([ann]);
  });

  it('sees a change another connection to the file committed', async () => {
    const [ann, ben, cid] = ids as [string, string, string];
    const { conversation } = await store.conversations.create({
      kind: 'group',
      title: 'g',
      memberIds: [ann, ben],
      createdAt: 1,
    });
    expect((await send(conversation.id, ann, 'm1')).memberIds).toEqual([ann, ben]);
    const otherNode = openSqliteStore(file);
    await otherNode.conversations.update({
      conversationId: conversation.id,
      actorId: ann,
      at: 2,
      describe: () => 'change',
      addMemberIds: [cid],
      maxMembers: 10,
    });
    await otherNode.close();
    expect((await send(conversation.id, cid, 'm2')).memberIds).toEqual([ann, ben, cid]);
  });

  it('keeps the committed members when a change is rolled back', async () => {
    const [ann, ben, cid] = ids as [string, string, string];
    const { conversation } = await store.conversations.create({
      kind: 'group',
      title: 'g',
      memberIds: [ann, ben],
      createdAt: 1,
    });
    await send(conversation.id, ann, 'warm the cache');
    // Fails when Ben departs: after Cid was added and the removal's announcement read (and
    // cached) the members with Cid, none of which is committed then.
    const other = new Database(file);
    other.exec(`CREATE TRIGGER refuse_departures BEFORE INSERT ON former_members
      BEGIN SELECT RAISE(ABORT, 'departures refused'); END`);
    other.close();
    await expect(
      store.conversations.update({
        conversationId: conversation.id,
        actorId: ann,
        at: 2,
        describe: () => 'change',
        addMemberIds: [cid],
        removeMemberIds: [ben],
        maxMembers: 10,
      }),
    ).rejects.toThrow('departures refused');
    expect((await store.conversations.byId(conversation.id))?.memberIds).toEqual([ann, ben]);
    await expect(send(conversation.id, cid, 'not yet')).rejects.toThrow('not a member');
  });
});

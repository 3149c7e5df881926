import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Message } from '@beacon/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidSearchQueryError, type SearchQuery, type Store, type UserRecord } from '../types';
import { openSqliteStore } from './index';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { SCOPE_FILTER_MAX_CONVERSATIONS } from './search';
import { makeUser } from './testing/fixtures';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();
let file: string;
let store: Store;
/** A second connection, for what other parts write (versions, system messages, periods). */
let raw: Database.Database;
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

/** An edit or delete as the message store writes it (message-changes.ts): a version, then the row. */
function addVersion(messageId: string, kind: 'edited' | 'deleted', body: string): void {
  raw.transaction(() => {
    const { version } = raw
      .prepare<[string], { version: number }>('SELECT version + 1 AS version FROM messages WHERE id = ?')
      .get(messageId) ?? { version: 2 };
    raw
      .prepare(
        `INSERT INTO message_versions (message_id, version, kind, body, at, actor_id)
         VALUES (?, ?, ?, ?, 2000, ?)`,
      )
      .run(messageId, version, kind, body, alice.id);
    const column = kind === 'edited' ? 'edited_at' : 'deleted_at';
    raw.prepare(`UPDATE messages SET version = ?, ${column} = 2000 WHERE id = ?`).run(version, messageId);
  })();
}

function sendSystem(conversationId: string, body: string): void {
  raw.transaction(() => {
    const { seq } = raw
      .prepare<[string], { seq: number }>('SELECT last_seq + 1 AS seq FROM conversations WHERE id = ?')
      .get(conversationId) ?? { seq: 1 };
    raw
      .prepare(
        `INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, body, sent_at, kind, system)
         VALUES (?, ?, ?, ?, ?, ?, 1000, 'system', '{}')`,
      )
      .run(randomUUID(), conversationId, seq, alice.id, randomUUID(), body);
    raw.prepare('UPDATE conversations SET last_seq = ? WHERE id = ?').run(seq, conversationId);
  })();
}

const search = (userId: string, query: string, extra: Partial<SearchQuery> = {}) =>
  store.search.search(userId, { query, limit: 20, ...extra });
const bodies = (result: { hits: Array<{ message: Message }> }) => result.hits.map((hit) => hit.message.body);

beforeEach(async () => {
  file = join(dirs.make(), 'beacon.db');
  store = openSqliteStore(file);
  raw = new Database(file);
  alice = await makeUser(store, 'Alice');
  bob = await makeUser(store, 'Bob');
  carol = await makeUser(store, 'Carol');
  team = await group([alice.id, bob.id]);
});
afterEach(async () => {
  raw.close();
  await store.close();
  dirs.cleanup();
});

describe('matching', () => {
  it('finds every word of the query, newest first, with the match marked in the snippet', async () => {
    await send(team, 'the budget review is on monday');
    await send(team, 'lunch on monday?');
    await send(team, 'budget numbers for monday attached');
    const result = await search(bob.id, 'monday budget');
    expect(bodies(result)).toEqual(['budget numbers for monday attached', 'the budget review is on monday']);
    expect(result.hits[0]?.snippet).toBe('\u0002budget\u0003 numbers for \u0002monday\u0003 attached');
    expect(result.more).toBe(false);
  });

  it('matches words as prefixes, a single letter exactly, and a quoted phrase as a whole', async () => {
    await send(team, 'meeting moved to 3pm');
    await send(team, 'plan a b c');
    await send(team, 'the meeting notes');
    await send(team, 'notes on the meeting');
    expect(bodies(await search(bob.id, 'meet'))).toEqual([
      'notes on the meeting',
      'the meeting notes',
      'meeting moved to 3pm',
    ]);
    expect(bodies(await search(bob.id, 'b'))).toEqual(['plan a b c']);
    expect(bodies(await search(bob.id, 'm'))).toEqual([]);
    expect(bodies(await search(bob.id, '"meeting notes"'))).toEqual(['the meeting notes']);
  });

  it('folds case and diacritics both ways', async () => {
    await send(team, 'Trip to Zürich');
    await send(team, 'coffee at the cafe');
    expect(bodies(await search(bob.id, 'zurich'))).toEqual(['Trip to Zürich']);
    expect(bodies(await search(bob.id, 'ZÜRICH'))).toEqual(['Trip to Zürich']);
    expect(bodies(await search(bob.id, 'café'))).toEqual(['coffee at the cafe']);
    expect((await search(bob.id, 'zur')).hits[0]?.snippet).toBe('Trip to \u0002Zürich\u0003');
  });

  it('ranks by relevance on request: the denser match first, the newer first among equals', async () => {
    await send(team, 'release release release');
    await send(team, 'the release of the new version is planned for next week, after the review');
    await send(team, 'release release release');
    const newest = await search(bob.id, 'release');
    expect(bodies(newest)[1]).toContain('planned');
    const ranked = await search(bob.id, 'release', { order: 'relevance' });
    expect(bodies(ranked)[2]).toContain('planned');
    expect(ranked.hits[0]?.message.seq).toBe(3);
    expect(ranked.hits[1]?.message.seq).toBe(1);
    expect(ranked.hits[2]?.snippet).toContain('\u0002release\u0003');
  });

  it('shows a snippet of a long message around the match, with ellipses', async () => {
    const filler = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    await send(team, `${filler} needle ${filler}`);
    const [hit] = (await search(bob.id, 'needle')).hits;
    expect(hit?.snippet.startsWith('…')).toBe(true);
    expect(hit?.snippet.endsWith('…')).toBe(true);
    expect(hit?.snippet).toContain(' \u0002needle\u0003 ');
    expect(hit?.snippet.length).toBeLessThan(200);
  });

  it('never lets a message body fake the match markers', async () => {
    await send(team, 'look \u0002here\u0003 fake');
    const [hit] = (await search(bob.id, 'fake')).hits;
    expect(hit?.snippet).toBe('look  here  \u0002fake\u0003');
    expect(hit?.message.body).toBe('look \u0002here\u0003 fake');
  });

  it('refuses a query with nothing to search, and beforeSeq without a conversation', async () => {
    await expect(search(bob.id, '   ')).rejects.toThrow(InvalidSearchQueryError);
    await expect(search(bob.id, '!!! ??')).rejects.toThrow('has no words to search for');
    await expect(search(bob.id, 'x', { beforeSeq: 3 })).rejects.toThrow(InvalidSearchQueryError);
    await expect(search(bob.id, 'x', { beforeMessageId: 'nope' })).rejects.toThrow(InvalidSearchQueryError);
  });

  it('searches FTS5 operators as plain words', async () => {
    await send(team, 'NOT OR AND NEAR');
    expect(bodies(await search(bob.id, 'NOT'))).toEqual(['NOT OR AND NEAR']);
    expect(bodies(await search(bob.id, 'scope:c body:x'))).toEqual([]);
  });
});

describe('the index follows the message log', () => {
  it('re-indexes an edited message: the old words are gone, the new ones found', async () => {
    const message = await send(team, 'see you on tuesday');
    addVersion(message.id, 'edited', 'see you on wednesday');
    expect(bodies(await search(bob.id, 'tuesday'))).toEqual([]);
    const [hit] = (await search(bob.id, 'wednesday')).hits;
    expect(hit?.message.id).toBe(message.id);
    expect(hit?.snippet).toBe('see you on \u0002wednesday\u0003');
    addVersion(message.id, 'edited', 'see you on thursday');
    expect(bodies(await search(bob.id, 'wednesday'))).toEqual([]);
    expect((await search(bob.id, 'thursday')).hits).toHaveLength(1);
  });

  it('keeps an edited message in its place in the newest-first order', async () => {
    const first = await send(team, 'alpha one');
    await send(team, 'alpha two');
    addVersion(first.id, 'edited', 'alpha one, corrected');
    expect((await search(bob.id, 'alpha')).hits.map((hit) => hit.message.seq)).toEqual([2, 1]);
  });

  it('forgets a deleted message', async () => {
    const message = await send(team, 'secret launch code');
    await send(team, 'another secret');
    addVersion(message.id, 'deleted', '');
    expect(bodies(await search(bob.id, 'secret'))).toEqual(['another secret']);
    expect(bodies(await search(bob.id, 'launch'))).toEqual([]);
  });

  it('does not index system messages', async () => {
    sendSystem(team, 'Alice renamed the group to Quarterly planning');
    await send(team, 'quarterly numbers');
    expect(bodies(await search(bob.id, 'quarterly'))).toEqual(['quarterly numbers']);
    expect(bodies(await search(bob.id, 'renamed'))).toEqual([]);
  });

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
});

describe('who finds what', () => {
  it('never returns a message of a conversation the searcher is not in', async () => {
    const other = await group([alice.id, carol.id]);
    await send(team, 'project falcon kickoff');
    await send(other, 'project falcon budget');
    expect(bodies(await search(bob.id, 'falcon'))).toEqual(['project falcon kickoff']);
    expect(bodies(await search(carol.id, 'falcon'))).toEqual(['project falcon budget']);
    expect(bodies(await search(alice.id, 'falcon'))).toHaveLength(2);
    expect(bodies(await search(carol.id, 'falcon', { conversationId: team }))).toEqual([]);
  });

  it('restricts to one conversation on request', async () => {
    const other = await group([alice.id, bob.id, carol.id]);
    await send(team, 'status report');
    await send(other, 'status meeting');
    expect(bodies(await search(bob.id, 'status', { conversationId: other }))).toEqual(['status meeting']);
    expect(bodies(await search(bob.id, 'status', { conversationId: 'no-such-id' }))).toEqual([]);
  });

  it('finds only what was sent while the searcher was a member', async () => {
    await send(team, 'before the removal: orchid');
    await send(team, 'also before: orchid');
    raw
      .prepare('UPDATE member_periods SET to_seq = 2 WHERE conversation_id = ? AND user_id = ?')
      .run(team, bob.id);
    await send(team, 'after the removal: orchid');
    raw
      .prepare(
        'INSERT INTO member_periods (conversation_id, user_id, from_seq, to_seq) VALUES (?, ?, 4, NULL)',
      )
      .run(team, bob.id);
    await send(team, 'back again: orchid');
    expect((await search(bob.id, 'orchid')).hits.map((hit) => hit.message.seq)).toEqual([4, 2, 1]);
    expect((await search(bob.id, 'orchid', { conversationId: team })).hits.map((h) => h.message.seq)).toEqual(
      [4, 2, 1],
    );
    expect((await search(alice.id, 'orchid')).hits).toHaveLength(4);
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

describe('paging', () => {
  it('pages with beforeSeq in a conversation and beforeMessageId everywhere, with more', async () => {
    const other = await group([alice.id, bob.id]);
    for (let i = 1; i <= 5; i++) {
      await send(team, `tick ${i} team`);
      await send(other, `tick ${i} other`);
    }
    const inTeam = await search(bob.id, 'tick', { conversationId: team, limit: 2, beforeSeq: 4 });
    expect(bodies(inTeam)).toEqual(['tick 3 team', 'tick 2 team']);
    expect(inTeam.more).toBe(true);
    const last = await search(bob.id, 'tick', { conversationId: team, limit: 2, beforeSeq: 2 });
    expect(bodies(last)).toEqual(['tick 1 team']);
    expect(last.more).toBe(false);

    const first = await search(bob.id, 'tick', { limit: 3 });
    expect(bodies(first)).toEqual(['tick 5 other', 'tick 5 team', 'tick 4 other']);
    const next = await search(bob.id, 'tick', { limit: 3, beforeMessageId: first.hits[2]?.message.id });
    expect(bodies(next)).toEqual(['tick 4 team', 'tick 3 other', 'tick 3 team']);
    expect(next.more).toBe(true);
  });

  it('pages past a hit that was deleted meanwhile', async () => {
    const older = await send(team, 'echo one');
    const newer = await send(team, 'echo two');
    addVersion(newer.id, 'deleted', '');
    expect(bodies(await search(bob.id, 'echo', { beforeMessageId: newer.id }))).toEqual(['echo one']);
    expect(bodies(await search(bob.id, 'echo', { beforeMessageId: older.id }))).toEqual([]);
  });
});

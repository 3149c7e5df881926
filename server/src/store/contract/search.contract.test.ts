import { randomUUID } from 'node:crypto';
import type { Message } from '@beacon/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidSearchQueryError, type SearchQuery, type UserRecord } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

describe.each(await storeFactories())('message search ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  let team: string;

  async function group(memberIds: string[]): Promise<string> {
    const { conversation } = await ctx.store.conversations.create({
      kind: 'group',
      title: `group ${randomUUID()}`,
      memberIds,
      createdAt: 1,
    });
    return conversation.id;
  }

  async function send(conversationId: string, body: string, senderId = alice.id): Promise<Message> {
    const { message } = await ctx.store.messages.append({
      conversationId,
      senderId,
      clientId: randomUUID(),
      body,
      sentAt: 1_000,
    });
    return message;
  }

  const edit = (messageId: string, body: string) =>
    ctx.store.messages.edit({ messageId, actorId: alice.id, body, mentions: [], at: 2_000 });
  const remove = (messageId: string) =>
    ctx.store.messages.delete({ messageId, actorId: alice.id, at: 2_000 });

  /** A system message as the conversation store writes it, without going through it. */
  async function sendSystem(conversationId: string, body: string): Promise<void> {
    const [row] = (
      await ctx.sql('SELECT last_seq + 1 AS seq FROM conversations WHERE id = ?', conversationId)
    ).rows;
    const seq = Number(row?.seq ?? 1);
    await ctx.sql(
      `INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, body, sent_at, kind, system)
       VALUES (?, ?, ?, ?, ?, ?, 1000, 'system', '{}')`,
      randomUUID(),
      conversationId,
      seq,
      alice.id,
      randomUUID(),
      body,
    );
    await ctx.sql('UPDATE conversations SET last_seq = ? WHERE id = ?', seq, conversationId);
  }

  const search = (userId: string, query: string, extra: Partial<SearchQuery> = {}) =>
    ctx.store.search.search(userId, { query, limit: 20, ...extra });
  const bodies = (result: { hits: Array<{ message: Message }> }) =>
    result.hits.map((hit) => hit.message.body);

  beforeEach(async () => {
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    carol = await makeUser(ctx.store, 'Carol');
    team = await group([alice.id, bob.id]);
  });

  describe('matching', () => {
    it('finds every word of the query, newest first, with the match marked in the snippet', async () => {
      await send(team, 'the budget review is on monday');
      await send(team, 'lunch on monday?');
      await send(team, 'budget numbers for monday attached');
      const result = await search(bob.id, 'monday budget');
      expect(bodies(result)).toEqual([
        'budget numbers for monday attached',
        'the budget review is on monday',
      ]);
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
      await edit(message.id, 'see you on wednesday');
      expect(bodies(await search(bob.id, 'tuesday'))).toEqual([]);
      const [hit] = (await search(bob.id, 'wednesday')).hits;
      expect(hit?.message.id).toBe(message.id);
      expect(hit?.snippet).toBe('see you on \u0002wednesday\u0003');
      await edit(message.id, 'see you on thursday');
      expect(bodies(await search(bob.id, 'wednesday'))).toEqual([]);
      expect((await search(bob.id, 'thursday')).hits).toHaveLength(1);
    });

    it('keeps an edited message in its place in the newest-first order', async () => {
      const first = await send(team, 'alpha one');
      await send(team, 'alpha two');
      await edit(first.id, 'alpha one, corrected');
      expect((await search(bob.id, 'alpha')).hits.map((hit) => hit.message.seq)).toEqual([2, 1]);
    });

    it('forgets a deleted message', async () => {
      const message = await send(team, 'secret launch code');
      await send(team, 'another secret');
      await remove(message.id);
      expect(bodies(await search(bob.id, 'secret'))).toEqual(['another secret']);
      expect(bodies(await search(bob.id, 'launch'))).toEqual([]);
    });

    it('does not index system messages', async () => {
      await sendSystem(team, 'Alice renamed the group to Quarterly planning');
      await send(team, 'quarterly numbers');
      expect(bodies(await search(bob.id, 'quarterly'))).toEqual(['quarterly numbers']);
      expect(bodies(await search(bob.id, 'renamed'))).toEqual([]);
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
      await ctx.sql(
        'UPDATE member_periods SET to_seq = 2 WHERE conversation_id = ? AND user_id = ?',
        team,
        bob.id,
      );
      await send(team, 'after the removal: orchid');
      await ctx.sql(
        'INSERT INTO member_periods (conversation_id, user_id, from_seq, to_seq) VALUES (?, ?, 4, NULL)',
        team,
        bob.id,
      );
      await send(team, 'back again: orchid');
      expect((await search(bob.id, 'orchid')).hits.map((hit) => hit.message.seq)).toEqual([4, 2, 1]);
      expect(
        (await search(bob.id, 'orchid', { conversationId: team })).hits.map((h) => h.message.seq),
      ).toEqual([4, 2, 1]);
      expect((await search(alice.id, 'orchid')).hits).toHaveLength(4);
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
      await remove(newer.id);
      expect(bodies(await search(bob.id, 'echo', { beforeMessageId: newer.id }))).toEqual(['echo one']);
      expect(bodies(await search(bob.id, 'echo', { beforeMessageId: older.id }))).toEqual([]);
    });
  });
});

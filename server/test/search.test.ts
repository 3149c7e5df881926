import { randomUUID } from 'node:crypto';
import type { Message } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AckResponse, request, type TestSocket } from './helpers/client';
import { openGroup, sendMessage } from './helpers/conversations';
import { startTestServer, type TestServer } from './helpers/test-server';

type Ack<T> = AckResponse & T;
interface Hit {
  message: Message;
  snippet: string;
}
type SearchAck = Ack<{ hits: Hit[]; more: boolean }>;
interface Session {
  socket: TestSocket;
  id: string;
}

let t: TestServer;
let alice: Session;
let bob: Session;
let carol: Session;
let dave: Session;

async function session(email: string): Promise<Session> {
  const { socket, user } = await t.connect(email);
  return { socket, id: user.id };
}

const group = (owner: Session, others: Session[]) => openGroup(owner, others);
const send = (from: Session, conversationId: string, body: string) => sendMessage(from, conversationId, body);

const search = (from: Session, payload: Record<string, unknown>) =>
  request<SearchAck>(from.socket, 'message:search', payload);
/** A word no other test uses, so each test sees only its own messages. */
const uniqueWord = () => `w${randomUUID().replaceAll('-', '').slice(0, 12)}`;

beforeAll(async () => {
  t = await startTestServer();
  alice = await session('alice@acme.test');
  bob = await session('bob@acme.test');
  carol = await session('carol@acme.test');
  dave = await session('dave@acme.test');
});
afterAll(async () => {
  await t?.close();
});

describe('message:search', () => {
  it('finds messages newest first with a marked snippet', async () => {
    const word = uniqueWord();
    const team = await group(alice, [bob]);
    await send(alice, team, `first ${word} note`);
    await send(bob, team, `second ${word} note`);
    const ack = await search(bob, { query: word.slice(0, 8) });
    expect(ack).toMatchObject({ ok: true, more: false });
    expect(ack.hits.map((hit) => hit.message.body)).toEqual([`second ${word} note`, `first ${word} note`]);
    expect(ack.hits[0]?.snippet).toBe(`second \u0002${word}\u0003 note`);
    expect(ack.hits[0]?.message).toMatchObject({
      conversationId: team,
      kind: 'user',
      seq: expect.any(Number),
    });
  });

  it("never returns another conversation's message", async () => {
    const word = uniqueWord();
    const ours = await group(alice, [bob]);
    const theirs = await group(carol, [dave]);
    await send(alice, ours, `ours ${word}`);
    await send(carol, theirs, `theirs ${word}`);
    const everywhere = await search(bob, { query: word });
    expect(everywhere.hits.map((hit) => hit.message.conversationId)).toEqual([ours]);
    const restricted = await search(alice, { query: word, conversationId: ours });
    expect(restricted.hits.map((hit) => hit.message.body)).toEqual([`ours ${word}`]);
  });

  it('gives a non-member nothing of a conversation: forbidden when asked for it, no hits otherwise', async () => {
    const word = uniqueWord();
    const team = await group(alice, [bob]);
    await send(alice, team, `private ${word}`);
    expect((await search(carol, { query: word })).hits).toEqual([]);
    expect(await search(carol, { query: word, conversationId: team })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await search(carol, { query: word, conversationId: 'no-such-conversation' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('lets a removed member find only what was sent before the removal', async () => {
    const word = uniqueWord();
    const team = await group(alice, [bob, carol]);
    await send(alice, team, `before ${word}`);
    const removed = await request<AckResponse>(alice.socket, 'conversation:update', {
      conversationId: team,
      removeMemberIds: [carol.id],
    });
    expect(removed).toMatchObject({ ok: true });
    await send(alice, team, `after ${word}`);
    const ack = await search(carol, { query: word });
    expect(ack.hits.map((hit) => hit.message.body)).toEqual([`before ${word}`]);
    const inConversation = await search(carol, { query: word, conversationId: team });
    expect(inConversation.hits.map((hit) => hit.message.body)).toEqual([`before ${word}`]);
    expect((await search(bob, { query: word })).hits).toHaveLength(2);
  });

  it('pages with beforeSeq in a conversation and beforeMessageId everywhere', async () => {
    const word = uniqueWord();
    const team = await group(alice, [bob]);
    const sent: Message[] = [];
    for (let i = 1; i <= 5; i++) sent.push(await send(alice, team, `${word} page ${i}`));
    const first = await search(bob, { query: word, conversationId: team, limit: 2 });
    expect(first.hits.map((hit) => hit.message.body)).toEqual([`${word} page 5`, `${word} page 4`]);
    expect(first.more).toBe(true);
    const second = await search(bob, {
      query: word,
      conversationId: team,
      limit: 2,
      beforeSeq: first.hits[1]?.message.seq,
    });
    expect(second.hits.map((hit) => hit.message.body)).toEqual([`${word} page 3`, `${word} page 2`]);
    const global = await search(bob, { query: word, limit: 10, beforeMessageId: sent[1]?.id });
    expect(global.hits.map((hit) => hit.message.body)).toEqual([`${word} page 1`]);
  });

  it('answers invalid, naming the field, for a query it cannot search', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ query: '' }, /^query: /],
      [{ query: '   ' }, /^query: /],
      [{ query: '!!! ?' }, /^query: has no words to search for/],
      [{ query: 'x'.repeat(201) }, /^query: /],
      [{}, /^query: /],
      [{ query: 'x', limit: 0 }, /^limit: /],
      [{ query: 'x', beforeSeq: 3 }, /^beforeSeq: /],
      [{ query: 'x', beforeMessageId: 'unknown' }, /^beforeMessageId: /],
      [{ query: 'x', order: 'random' }, /^order: /],
    ];
    for (const [payload, message] of cases) {
      const ack = await search(alice, payload);
      expect(ack, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(ack.error?.message).toMatch(message);
    }
  });

  it('clamps the limit to 50', async () => {
    const word = uniqueWord();
    const team = await group(alice, [bob]);
    for (let i = 0; i < 52; i++) await send(alice, team, `${word} ${i}`);
    const ack = await search(alice, { query: word, limit: 500 });
    expect(ack.hits).toHaveLength(50);
    expect(ack.more).toBe(true);
  });
});

describe('message:history aroundSeq', () => {
  it('jumps to a hit: a page with its seq in the middle', async () => {
    const word = uniqueWord();
    const team = await group(alice, [bob]);
    for (let i = 1; i <= 30; i++) await send(alice, team, i === 17 ? `the ${word}` : `filler ${i}`);
    const [hit] = (await search(bob, { query: word, conversationId: team })).hits;
    expect(hit).toBeDefined();
    const seq = hit?.message.seq ?? 0;
    const page = await request<Ack<{ messages: Message[]; more: boolean }>>(bob.socket, 'message:history', {
      conversationId: team,
      aroundSeq: seq,
      limit: 10,
    });
    expect(page).toMatchObject({ ok: true, more: true });
    const seqs = page.messages.map((message) => message.seq);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => seq - 5 + i));
    expect(page.messages[5]?.body).toBe(`the ${word}`);
  });

  it('fills the page from the other side near the ends, and says when nothing older exists', async () => {
    const team = await group(alice, [bob]);
    for (let i = 1; i <= 8; i++) await send(alice, team, `m ${i}`);
    const { messages: all } = await request<Ack<{ messages: Message[] }>>(bob.socket, 'message:history', {
      conversationId: team,
    });
    const firstSeq = all[0]?.seq ?? 1;
    const lastSeq = all.at(-1)?.seq ?? 1;
    const nearStart = await request<Ack<{ messages: Message[]; more: boolean }>>(
      bob.socket,
      'message:history',
      {
        conversationId: team,
        aroundSeq: firstSeq,
        limit: 4,
      },
    );
    expect(nearStart.messages.map((m) => m.seq)).toEqual([
      firstSeq,
      firstSeq + 1,
      firstSeq + 2,
      firstSeq + 3,
    ]);
    expect(nearStart.more).toBe(false);
    const nearEnd = await request<Ack<{ messages: Message[]; more: boolean }>>(
      bob.socket,
      'message:history',
      {
        conversationId: team,
        aroundSeq: lastSeq,
        limit: 4,
      },
    );
    expect(nearEnd.messages.map((m) => m.seq)).toEqual([lastSeq - 3, lastSeq - 2, lastSeq - 1, lastSeq]);
    expect(nearEnd.more).toBe(true);
  });

  it('refuses aroundSeq together with beforeSeq or afterSeq', async () => {
    const team = await group(alice, [bob]);
    const ack = await request<AckResponse>(alice.socket, 'message:history', {
      conversationId: team,
      aroundSeq: 3,
      beforeSeq: 5,
    });
    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^aroundSeq: /) },
    });
  });

  it('shows a removed member nothing after their removal around a seq', async () => {
    const team = await group(alice, [bob, carol]);
    await send(alice, team, 'before 1');
    const before = await send(alice, team, 'before 2');
    await request(alice.socket, 'conversation:update', { conversationId: team, removeMemberIds: [carol.id] });
    const after = await send(alice, team, 'after');
    const page = await request<Ack<{ messages: Message[]; more: boolean }>>(carol.socket, 'message:history', {
      conversationId: team,
      aroundSeq: after.seq,
      limit: 10,
    });
    expect(page.ok).toBe(true);
    const seqs = page.messages.map((message) => message.seq);
    expect(seqs).toContain(before.seq);
    expect(Math.max(...seqs)).toBeLessThan(after.seq);
    expect(page.messages.map((message) => message.body)).not.toContain('after');
  });
});

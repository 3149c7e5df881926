import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, UserRecord } from '../types';
import { openSqliteStore } from './index';
import { makeUser } from './testing/fixtures';

let store: Store;
let alice: UserRecord;
let bob: UserRecord;

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  alice = await makeUser(store, 'Alice');
  bob = await makeUser(store, 'Bob');
});
afterEach(() => store.close());

async function group(title: string, memberIds: string[], at = 1_000): Promise<string> {
  const { conversation } = await store.conversations.create({
    kind: 'group',
    title,
    memberIds,
    createdAt: at,
    creatorId: memberIds[0] ?? '',
    describe: (event) => event.action,
  });
  return conversation.id;
}

async function send(conversationId: string, count: number, startAt: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      store.messages.append({
        conversationId,
        senderId: alice.id,
        clientId: `${conversationId}-${startAt + i}`,
        body: `message ${i}`,
        sentAt: startAt + i,
      }),
    ),
  );
}

async function collect(query: Parameters<Store['archive']['entries']>[0]) {
  const seen: Array<[string, number]> = [];
  for await (const entry of store.archive.entries(query)) seen.push([entry.chain, entry.chainSeq]);
  return seen;
}

describe('archive entries for export', () => {
  it('walks every chain in order across pages, with the range and conversation filters', async () => {
    const first = await group('first', [alice.id, bob.id]);
    const second = await group('second', [alice.id, bob.id]);
    await send(first, 1_100, 10_000);
    await send(second, 3, 20_000);
    const [a, b] = [first, second].sort();

    const all = await collect({});
    const expected = (chain: string, length: number) =>
      Array.from({ length }, (_, i): [string, number] => [chain, i + 1]);
    const lengths = { [first]: 1_101, [second]: 4 };
    expect(all).toEqual([
      ...expected(a ?? '', lengths[a ?? ''] ?? 0),
      ...expected(b ?? '', lengths[b ?? ''] ?? 0),
    ]);

    // 10_500 .. 10_999: entries 502 .. 1001 of the first chain.
    const ranged = await collect({ from: 10_500, until: 11_000, conversationIds: [second, first] });
    expect(ranged).toEqual(Array.from({ length: 500 }, (_, i) => [first, i + 502]));
    expect(await collect({ chain: second, from: 20_001 })).toEqual([
      [second, 3],
      [second, 4],
    ]);
    expect(await collect({ conversationIds: [] })).toEqual([]);
  });

  it('does not keep the database busy between entries: the server can write while an export reads', async () => {
    const id = await group('busy', [alice.id, bob.id]);
    await send(id, 3, 5_000);
    const seen: number[] = [];
    for await (const entry of store.archive.entries({ chain: id })) {
      seen.push(entry.chainSeq);
      if (seen.length === 1) await send(id, 1, 9_000);
    }
    // The write went through (a held cursor would have failed it: "connection is busy").
    expect(seen).toEqual([1, 2, 3, 4]);
    expect((await store.archive.heads()).find((head) => head.chain === id)?.chainSeq).toBe(5);
  });

  it('finds a chain’s latest title entry before a position, a message’s sent entry, and a member’s conversations', async () => {
    const id = await group('Old title', [alice.id, bob.id]);
    await store.conversations.update({
      conversationId: id,
      actorId: alice.id,
      title: 'New title',
      maxMembers: 10,
      at: 2_000,
      describe: (event) => event.action,
    });
    const sent = await store.messages.append({
      conversationId: id,
      senderId: alice.id,
      clientId: 'x',
      body: 'hi',
      sentAt: 3_000,
    });
    const kinds = ['conversation.created', 'conversation.renamed'] as const;
    expect((await store.archive.latestOfKinds(id, kinds, 2))?.payload.title).toBe('Old title');
    expect((await store.archive.latestOfKinds(id, kinds, 100))?.payload.title).toBe('New title');
    expect(await store.archive.latestOfKinds(id, kinds, 1)).toBeNull();
    expect(await store.archive.sentEntryOf(sent.message.id)).toMatchObject({
      kind: 'message.sent',
      messageId: sent.message.id,
    });
    expect(await store.archive.sentEntryOf('no-such-message')).toBeNull();

    const other = await group('Bob only', [bob.id, (await makeUser(store)).id]);
    await store.conversations.update({
      conversationId: id,
      actorId: alice.id,
      removeMemberIds: [bob.id],
      maxMembers: 10,
      at: 4_000,
      describe: (event) => event.action,
    });
    expect(await store.archive.conversationIdsOfMember(alice.id)).toEqual([id]);
    expect(await store.archive.conversationIdsOfMember(bob.id)).toEqual([id, other].sort());
    expect(await store.archive.conversationIdsOfMember('nobody')).toEqual([]);
  });
});

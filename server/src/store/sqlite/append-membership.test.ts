import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DescribeSystemEvent, NotMemberError, type Store, type UserRecord } from '../types';
import { openSqliteStore } from './index';
import { makeUser } from './testing/fixtures';

let store: Store;
let alice: UserRecord;
let bob: UserRecord;
let carol: UserRecord;
let dave: UserRecord;

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  alice = await makeUser(store, 'Alice');
  bob = await makeUser(store, 'Bob');
  carol = await makeUser(store, 'Carol');
  dave = await makeUser(store, 'Dave');
});
afterEach(() => store.close());

const describe_: DescribeSystemEvent = (event) => `${event.action} ${event.userIds.join(' ')}`;

async function group(memberIds: string[]) {
  const { conversation } = await store.conversations.create({
    kind: 'group',
    title: 'Team',
    memberIds,
    createdAt: 100,
    creatorId: alice.id,
    describe: describe_,
  });
  return conversation;
}

/**
 * Runs the store's update synchronously up to its commit: the SQLite store writes a
 * membership change in the call itself, while appends wait for the next group commit.
 */
const update = (conversationId: string, change: { addMemberIds?: string[]; removeMemberIds?: string[] }) =>
  store.conversations.update({
    conversationId,
    actorId: alice.id,
    ...change,
    maxMembers: 10,
    at: 200,
    describe: describe_,
  });

let clientCounter = 0;
const send = (conversationId: string, senderId: string) => {
  clientCounter += 1;
  return store.messages.append({
    conversationId,
    senderId,
    clientId: `m${clientCounter}`,
    body: `message ${clientCounter}`,
    sentAt: 300,
  });
};

async function seqsOf(conversationId: string) {
  const { messages } = await store.messages.history(conversationId, { limit: 100 });
  return messages.map((m) => `${m.seq} ${m.kind === 'system' ? m.system?.action : m.senderId}`);
}

// The store contract (contract/append-membership.contract.test.ts) checks membership on both
// stores; here what only SQLite's group commit can set up: an append queued for the next commit
// while a membership change commits within its own call.
describe('an append queued for the group commit while membership changes (SQLite)', () => {
  it('refuses a message queued before its sender’s removal once the removal committed first', async () => {
    const { id } = await group([alice.id, bob.id, carol.id]);
    // Both pass any check made before the write; the removal commits before the queued append.
    const queued = send(id, carol.id);
    const removal = await update(id, { removeMemberIds: [carol.id] });
    expect(removal.messages.map((m) => m.seq)).toEqual([2]);
    await expect(queued).rejects.toBeInstanceOf(NotMemberError);
    expect(await seqsOf(id)).toEqual(['1 created', '2 removed']);
    // Nothing was stored beyond the removed member's last readable seq.
    expect(await store.conversations.periods(id, carol.id)).toEqual([{ fromSeq: 1, toSeq: 2 }]);
  });

  it('sends a message queued before a membership change to the members after it', async () => {
    const { id } = await group([alice.id, bob.id, carol.id]);
    const beforeChange = send(id, alice.id);
    // Committed before the queued append runs: the message is for the members after it.
    await update(id, { removeMemberIds: [bob.id], addMemberIds: [dave.id] });
    const sent = await beforeChange;
    expect(sent.message.seq).toBe(4);
    expect(sent.memberIds).toEqual([alice.id, carol.id, dave.id]);
  });
});

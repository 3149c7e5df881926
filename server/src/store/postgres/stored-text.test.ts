import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresTestSchema, postgresOrSkipReason } from '../contract/postgres-test-database';
import type { Store } from '../types';

/**
 * U+0000: the protocol refuses it before any store; PostgreSQL's text could not hold it, so a
 * caller that skipped the protocol gets a clear error instead of a driver's, and nothing is stored.
 */
const skip = (await postgresOrSkipReason()) !== null;

describe.skipIf(skip)('PostgreSQL store, given U+0000', () => {
  const test = new PostgresTestSchema();
  let store: Store;
  beforeAll(() => test.create());
  beforeEach(async () => {
    await store?.close();
    await test.empty();
    store = await test.open(() => 1_000);
  });
  afterAll(async () => {
    await store?.close();
    await test.drop();
  });

  it('refuses it in a body, an edit, a title and a reaction, storing nothing', async () => {
    const alice = await store.users.create({ email: 'a@acme.test', name: 'A', passwordHash: 'h' });
    const { conversation } = await store.conversations.create({
      kind: 'group',
      title: 'Team',
      memberIds: [alice.id],
      createdAt: 1,
    });
    const send = (body: string, clientId = 'c') =>
      store.messages.append({
        conversationId: conversation.id,
        senderId: alice.id,
        clientId,
        body,
        sentAt: 2,
      });
    await expect(send('a\u0000b')).rejects.toThrow('body: the character U+0000 cannot be stored');
    await expect(send('ok', 'c\u0000')).rejects.toThrow('clientId: the character U+0000 cannot be stored');
    const { message } = await send('ok');
    await expect(
      store.messages.edit({ messageId: message.id, actorId: alice.id, body: '\u0000', mentions: [], at: 3 }),
    ).rejects.toBeInstanceOf(RangeError);
    await expect(
      store.messages.addReaction({ messageId: message.id, userId: alice.id, emoji: '\u0000', at: 3 }),
    ).rejects.toBeInstanceOf(RangeError);
    await expect(
      store.conversations.create({ kind: 'group', title: 'T\u0000', memberIds: [alice.id], createdAt: 1 }),
    ).rejects.toBeInstanceOf(RangeError);
    await expect(
      store.conversations.update({
        conversationId: conversation.id,
        actorId: alice.id,
        title: 'x\u0000',
        maxMembers: 10,
        at: 4,
        describe: () => 'renamed',
      }),
    ).rejects.toBeInstanceOf(RangeError);
    expect(await store.messages.byId(message.id)).toEqual(message);
    expect(await store.conversations.byId(conversation.id)).toMatchObject({ title: 'Team', lastSeq: 1 });
  });
});

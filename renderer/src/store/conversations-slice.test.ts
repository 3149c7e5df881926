import type { Conversation, Message } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB } from '../test/fake-server';
import { V2_DEFAULTS } from '../test/messages';
import { mergeConversation } from './conversations-slice';
import { createAppStore } from './index';
import { selectUnreadSummary } from './selectors';

const conversation = (overrides: Partial<Conversation> = {}): Conversation => ({
  id: 'c1',
  kind: 'direct',
  title: 'Bob Baker',
  memberIds: [ALICE.id, BOB.id],
  lastSeq: 0,
  readSeq: 0,
  unread: 0,
  lastMessage: null,
  readSeqs: { [ALICE.id]: 0, [BOB.id]: 0 },
  ...overrides,
});

const message = (seq: number, senderId = BOB.id): Message => ({
  ...V2_DEFAULTS,
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  senderId,
  clientId: `k${seq}`,
  body: `message ${seq}`,
  sentAt: 1_000 + seq,
});

function setup() {
  const store = createAppStore();
  store.getState().startSession('http://x', ALICE);
  store.getState().setConversations([conversation()]);
  return store;
}

describe('conversations slice', () => {
  it('counts messages from others as unread unless they are being looked at', () => {
    const store = setup();
    store.getState().noteMessages([message(1), message(2)], false);
    expect(store.getState().conversations.c1).toMatchObject({
      lastSeq: 2,
      unread: 2,
      lastMessage: message(2),
    });
    store.getState().noteMessages([message(3)], true);
    expect(store.getState().conversations.c1?.unread).toBe(2);
    store.getState().noteMessages([message(2)], false);
    expect(store.getState().conversations.c1?.unread).toBe(2);
  });

  it('does not count system notes as unread, but shows them as the newest', () => {
    const store = setup();
    store.getState().noteMessages([{ ...message(1), kind: 'system' }], false);
    expect(store.getState().conversations.c1).toMatchObject({ lastSeq: 1, unread: 0 });
  });

  it('treats our own messages as read', () => {
    const store = setup();
    store.getState().noteMessages([message(1, ALICE.id)], false);
    expect(store.getState().conversations.c1).toMatchObject({ readSeq: 1, unread: 0 });
    expect(store.getState().conversations.c1?.readSeqs?.[ALICE.id]).toBe(1);
  });

  it('reports unknown conversations so the caller can fetch them', () => {
    const store = setup();
    expect(store.getState().noteMessages([{ ...message(1), conversationId: 'new' }], false)).toBe(false);
  });

  it('clears unread when read up to the last message, by us or by another session of ours', () => {
    const store = setup();
    store.getState().noteMessages([message(1), message(2), message(3)], false);
    store.getState().markReadLocal('c1', 2);
    expect(store.getState().conversations.c1).toMatchObject({ readSeq: 2, unread: 3 });
    store.getState().applyRead('c1', ALICE.id, 3);
    expect(store.getState().conversations.c1).toMatchObject({ readSeq: 3, unread: 0 });
  });

  it('records how far others have read, never backwards', () => {
    const store = setup();
    store.getState().applyRead('c1', BOB.id, 4);
    store.getState().applyRead('c1', BOB.id, 2);
    expect(store.getState().conversations.c1?.readSeqs?.[BOB.id]).toBe(4);
  });

  it('tracks who is typing', () => {
    const store = setup();
    store.getState().setTyping('c1', BOB.id, true);
    store.getState().setTyping('c1', BOB.id, true);
    expect(store.getState().typing.c1).toEqual([BOB.id]);
    store.getState().setTyping('c1', BOB.id, false);
    expect(store.getState().typing.c1).toEqual([]);
  });

  it('never lets an older server copy move a conversation backwards', () => {
    const known = conversation({ lastSeq: 5, readSeq: 5, unread: 0, lastMessage: message(5) });
    const stale = conversation({ lastSeq: 3, readSeq: 2, unread: 1, lastMessage: message(3) });
    expect(mergeConversation(known, stale)).toMatchObject({
      lastSeq: 5,
      readSeq: 5,
      unread: 0,
      lastMessage: message(5),
    });
    const newer = conversation({
      lastSeq: 7,
      readSeq: 5,
      unread: 2,
      lastMessage: message(7),
      title: 'Bob B.',
    });
    expect(mergeConversation(known, newer)).toMatchObject({ lastSeq: 7, unread: 2, title: 'Bob B.' });
  });

  it('drops conversations the server no longer lists', () => {
    const store = setup();
    store.getState().setConversations([conversation({ id: 'c2' })]);
    expect(Object.keys(store.getState().conversations)).toEqual(['c2']);
  });
});

describe('conversations slice: names of members', () => {
  it('learns member names from `members`, and a direct partner from the title', () => {
    const store = createAppStore();
    store.getState().startSession('http://x', ALICE);
    store.getState().setConversations([
      conversation({ id: 'd1', memberIds: [ALICE.id, 'u-zoe'], title: 'Zoe Zhang' }),
      conversation({
        id: 'g1',
        kind: 'group',
        memberIds: [ALICE.id, 'u-yan'],
        members: [ALICE, { id: 'u-yan', name: 'Yan Yu', email: 'yan@acme.test' }],
      }),
    ]);
    expect(store.getState().users['u-zoe']?.name).toBe('Zoe Zhang');
    expect(store.getState().users['u-yan']).toEqual({ id: 'u-yan', name: 'Yan Yu', email: 'yan@acme.test' });
  });

  it('does not overwrite a known person with a title', () => {
    const store = createAppStore();
    store.getState().startSession('http://x', ALICE);
    store.getState().rememberUsers([BOB]);
    store.getState().upsertConversation(conversation({ title: 'Bobby' }));
    expect(store.getState().users[BOB.id]).toEqual(BOB);
  });
});

describe('the mention badge from the server', () => {
  it("takes the list's unread mentions for conversations never loaded, keeps newer live ones, drops read ones", () => {
    const store = createAppStore();
    store.getState().startSession('http://x', ALICE);
    store.getState().setConversations([conversation({ lastSeq: 9, unread: 4, unreadMentionSeqs: [6, 8] })]);
    expect(store.getState().mentionSeqs.c1).toEqual([6, 8]);
    expect(selectUnreadSummary(store.getState()).mentions).toBe(2);

    // A live mention after the list, then a refresh from before it arrived (lastSeq 9): both stay.
    store.getState().noteMentions([{ ...message(10), mentions: [ALICE.id] }]);
    store.getState().setConversations([conversation({ lastSeq: 9, unread: 4, unreadMentionSeqs: [8] })]);
    expect(store.getState().mentionSeqs.c1).toEqual([8, 10]);

    // Read elsewhere up to 8: the server's answer has none left before 10.
    store
      .getState()
      .upsertConversation(conversation({ lastSeq: 10, readSeq: 8, unread: 1, unreadMentionSeqs: [10] }));
    expect(store.getState().mentionSeqs.c1).toEqual([10]);

    // A server that does not send the field (v1) changes nothing.
    const before = store.getState().mentionSeqs;
    store.getState().setConversations([conversation({ lastSeq: 10, readSeq: 8, unread: 1 })]);
    expect(store.getState().mentionSeqs).toBe(before);
  });
});

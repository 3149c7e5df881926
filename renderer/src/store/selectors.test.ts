import type { Conversation } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { ALICE, presenceOf } from '../test/fake-server';
import { createAppStore } from './index';
import {
  computePresenceTargets,
  createConversationOrderSelector,
  createSortedContactIdsSelector,
  selectUnreadSummary,
} from './selectors';

const person = (id: string, name: string, status: 'available' | 'busy' | 'offline' | 'away') => ({
  id,
  name,
  email: `${id}@acme.test`,
  presence: presenceOf(id, status),
});

const conversation = (id: string, overrides: Partial<Conversation> = {}): Conversation => ({
  id,
  kind: 'direct',
  title: id,
  memberIds: [ALICE.id, `p-${id}`],
  lastSeq: 0,
  readSeq: 0,
  unread: 0,
  ...overrides,
});

describe('sorted contacts', () => {
  it('groups available; busy and do not disturb; away; offline, each by name', () => {
    const store = createAppStore();
    store
      .getState()
      .setContacts([
        person('d', 'dave Diaz', 'offline'),
        person('b', 'Bob Baker', 'busy'),
        person('e', 'Erin Evans', 'available'),
        person('c', 'Carol Chen', 'available'),
        person('a', 'Ann Avery', 'away'),
        person('f', 'Fay Fox', 'busy'),
        person('g', 'Gus Grey', 'offline'),
      ]);
    store.getState().applyPresences([presenceOf('f', 'dnd', 2)]);
    const select = createSortedContactIdsSelector();
    expect(select(store.getState())).toEqual(['c', 'e', 'b', 'f', 'a', 'd', 'g']);
    store.getState().applyPresences([presenceOf('g', 'away', 3)]);
    expect(select(store.getState())).toEqual(['c', 'e', 'b', 'f', 'a', 'g', 'd']);
  });

  it('keeps the same array when a presence change does not move anyone', () => {
    const store = createAppStore();
    store.getState().setContacts([person('b', 'Bob', 'busy'), person('c', 'Carol', 'available')]);
    const select = createSortedContactIdsSelector();
    const first = select(store.getState());
    store.getState().applyPresences([presenceOf('b', 'dnd', 5)]);
    expect(select(store.getState())).toBe(first);
    store.getState().applyPresences([presenceOf('b', 'available', 6)]);
    expect(select(store.getState())).toEqual(['b', 'c']);
  });
});

describe('conversation order and unread', () => {
  it('sorts by latest activity and sums unread counts', () => {
    const store = createAppStore();
    store
      .getState()
      .setConversations([
        conversation('old', { createdAt: 1, unread: 2 }),
        conversation('new', { createdAt: 5, unread: 1 }),
        conversation('mid', { createdAt: 3 }),
      ]);
    const select = createConversationOrderSelector();
    expect(select(store.getState().conversations)).toEqual(['new', 'mid', 'old']);
    expect(selectUnreadSummary(store.getState())).toEqual({ total: 3, conversations: 2, mentions: 0 });
    store.setState({ mentionSeqs: { old: [4, 5, 6], mid: [2] } });
    // Mentions count only unread messages: never more than a conversation's unread count.
    expect(selectUnreadSummary(store.getState())).toEqual({ total: 3, conversations: 2, mentions: 2 });
  });
});

describe('presence targets', () => {
  it('equals the people on screen, without the user, open conversation and searches first', () => {
    const store = createAppStore();
    store.getState().startSession('http://x', ALICE);
    store.getState().setContacts([person('b', 'Bob', 'busy')]);
    store
      .getState()
      .setConversations([
        conversation('c1'),
        conversation('g1', { kind: 'group', memberIds: [ALICE.id, 'g-x', 'g-y'] }),
      ]);
    store.getState().openConversation('g1');
    store.getState().startSearch('sidebar', 'q');
    store.getState().setSearchResults('sidebar', 'q', [person('s', 'Sam', 'available')]);
    const targets = computePresenceTargets(store.getState());
    expect(targets.slice(0, 3)).toEqual(['g-x', 'g-y', 's']);
    expect(new Set(targets)).toEqual(new Set(['g-x', 'g-y', 's', 'p-c1', 'b']));
    expect(targets).not.toContain(ALICE.id);
  });

  it('caps the set at the contract limit, keeping visible rows before off-screen contacts', () => {
    const store = createAppStore();
    store.getState().startSession('http://x', ALICE);
    const many = Array.from({ length: 1_500 }, (_, i) => person(`u${i}`, `User ${i}`, 'offline'));
    store.getState().setContacts(many);
    store.getState().setVisibleContacts(['u1400', 'u1401']);
    const targets = computePresenceTargets(store.getState());
    expect(targets).toHaveLength(1_000);
    expect(targets.slice(0, 2)).toEqual(['u1400', 'u1401']);
  });
});

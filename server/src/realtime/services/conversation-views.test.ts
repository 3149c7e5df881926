import { describe, expect, it } from 'vitest';
import { newConversationView, titleFor } from './conversation-views';

const names = new Map(
  [
    ['a', 'Alice Archer'],
    ['b', 'Bob Baker'],
    ['c', 'Carol Chen'],
    ['d', 'Dave Diaz'],
    ['e', 'Erin Evans'],
    ['f', 'Frank Fischer'],
  ].map(([id = '', name = '']) => [id, { id, name, email: `${id}@acme.test` }]),
);

describe('titleFor', () => {
  it.each([
    [
      'a direct conversation: the other member',
      'a',
      { kind: 'direct', title: null, memberIds: ['a', 'b'] },
      'Bob Baker',
    ],
    [
      'the same, seen by the other',
      'b',
      { kind: 'direct', title: null, memberIds: ['a', 'b'] },
      'Alice Archer',
    ],
    ['a titled group', 'a', { kind: 'group', title: 'Launch', memberIds: ['a', 'b', 'c'] }, 'Launch'],
    [
      'an untitled group',
      'b',
      { kind: 'group', title: null, memberIds: ['a', 'b', 'c'] },
      'Alice Archer, Carol Chen',
    ],
    [
      'a large untitled group',
      'a',
      { kind: 'group', title: null, memberIds: ['a', 'b', 'c', 'd', 'e', 'f'] },
      'Bob Baker, Carol Chen, Dave Diaz and 2 others',
    ],
    ['an unknown member', 'a', { kind: 'direct', title: null, memberIds: ['a', 'x'] }, 'Unknown user'],
  ] as const)('%s', (_name, viewer, conversation, expected) => {
    expect(titleFor(viewer, { ...conversation, memberIds: [...conversation.memberIds] }, names)).toBe(
      expected,
    );
  });
});

describe('newConversationView', () => {
  it('starts with nothing read, nothing unread, every read position at 0', () => {
    const view = newConversationView(
      'b',
      { id: 'c1', kind: 'group', title: null, memberIds: ['a', 'b'], lastSeq: 0, createdAt: 5 },
      names,
    );
    expect(view).toEqual({
      id: 'c1',
      kind: 'group',
      title: 'Alice Archer',
      memberIds: ['a', 'b'],
      members: [
        { id: 'a', name: 'Alice Archer', email: 'a@acme.test' },
        { id: 'b', name: 'Bob Baker', email: 'b@acme.test' },
      ],
      lastSeq: 0,
      readSeq: 0,
      unread: 0,
      unreadMentionSeqs: [],
      lastMessage: null,
      readSeqs: { a: 0, b: 0 },
      createdAt: 5,
    });
  });
});

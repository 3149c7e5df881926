import { describe, expect, it } from 'vitest';
import { resolveMentions } from './mentions';

const members = [
  { id: 'alice', email: 'alice@acme.test' },
  { id: 'bob', email: 'bob@acme.test' },
  { id: 'bobsmith', email: 'bob.smith@acme.test' },
  { id: 'carol', email: 'Carol-Chen@acme.test' },
];
const mentions = (body: string, senderId = 'alice') => resolveMentions(body, members, senderId);

describe('resolveMentions', () => {
  it('resolves @local-part of members, case-insensitively, in order, once each', () => {
    expect(mentions('@Bob and @carol-chen, then @BOB again')).toEqual(['bob', 'carol']);
    expect(mentions('ask @bob.smith or @bob.')).toEqual(['bobsmith', 'bob']);
    expect(mentions('(@bob)')).toEqual(['bob']);
  });

  it('ignores e-mail addresses, words, non-members and the sender', () => {
    expect(mentions('write to alice@acme.test or bob@acme.test')).toEqual([]);
    expect(mentions('foo@bob x@bob')).toEqual([]);
    expect(mentions('@dave @bobby @al')).toEqual([]);
    expect(mentions('@alice, note to self')).toEqual([]);
    expect(mentions('@alice', 'bob')).toEqual(['alice']);
    expect(mentions('no at sign')).toEqual([]);
  });
});

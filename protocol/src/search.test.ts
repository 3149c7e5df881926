import { describe, expect, it } from 'vitest';
import { messageHistorySchema } from './events';
import { messageSearchSchema, SEARCH_LIMITS, snippetParts } from './search';
import { parsePayload } from './validate';

describe('snippetParts', () => {
  it('splits a snippet into plain text and matches', () => {
    expect(snippetParts('…the \u0002budget\u0003 for \u0002Q3\u0003')).toEqual([
      { text: '…the ', match: false },
      { text: 'budget', match: true },
      { text: ' for ', match: false },
      { text: 'Q3', match: true },
    ]);
  });

  it('shows unmatched markers as plain text', () => {
    expect(snippetParts('a \u0003b\u0002c')).toEqual([
      { text: 'a \u0003b', match: false },
      { text: 'c', match: false },
    ]);
  });
});

describe('message:search payload', () => {
  it('accepts a query with the optional fields', () => {
    const parsed = parsePayload(messageSearchSchema, {
      query: 'budget',
      conversationId: 'c1',
      limit: 10,
      beforeSeq: 5,
      order: 'relevance',
    });
    expect(parsed.ok).toBe(true);
  });

  it('refuses an empty or blank query and one over the limit, naming the field', () => {
    for (const query of ['', '   ', 'x'.repeat(SEARCH_LIMITS.queryMaxChars + 1)]) {
      const parsed = parsePayload(messageSearchSchema, { query });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok)
        expect(parsed.error).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^query: /) });
    }
  });

  it('refuses an unknown order', () => {
    expect(parsePayload(messageSearchSchema, { query: 'x', order: 'random' }).ok).toBe(false);
  });
});

describe('message:history aroundSeq', () => {
  it('is an optional non-negative integer', () => {
    expect(parsePayload(messageHistorySchema, { conversationId: 'c1', aroundSeq: 7 }).ok).toBe(true);
    expect(parsePayload(messageHistorySchema, { conversationId: 'c1', aroundSeq: -1 }).ok).toBe(false);
  });
});

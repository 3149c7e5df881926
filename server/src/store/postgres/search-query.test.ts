import { describe, expect, it } from 'vitest';
import { buildTsQuery } from './search-query';

describe('buildTsQuery', () => {
  it('ANDs words as prefixes, a single letter exactly and a quoted phrase in sequence', () => {
    expect(buildTsQuery('meet b "meeting notes"')).toEqual({
      ok: true,
      query: "'meet':* & 'b' & ('meeting' <-> 'notes')",
    });
  });

  it("never passes tsquery's own syntax through", () => {
    expect(buildTsQuery("!a|b & (c) 'd':* e-mail")).toEqual({
      ok: true,
      query: "('a' <-> 'b') & 'c' & 'd' & ('e' <-> 'mail':*)",
    });
  });

  it('refuses a query without words', () => {
    expect(buildTsQuery('  !!! ?? \u0002 ')).toEqual({ ok: false, reason: 'has no words to search for' });
  });
});

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildFtsQuery, MAX_QUERY_TERMS, scopeFilter, scopeToken } from './search-query';

const matchOf = (text: string) => {
  const built = buildFtsQuery(text);
  if (!built.ok) throw new Error(`expected a query for ${JSON.stringify(text)}, got: ${built.reason}`);
  return built.match;
};

describe('buildFtsQuery', () => {
  it('quotes each word, ANDs them and matches words of two or more characters as prefixes', () => {
    expect(matchOf('budget  meet')).toBe('body : ("budget"* AND "meet"*)');
  });

  it('matches a one-character word exactly', () => {
    expect(matchOf('a plan')).toBe('body : ("a" AND "plan"*)');
  });

  it('keeps quoted text as one exact phrase; an unclosed quote runs to the end', () => {
    expect(matchOf('"budget  meeting" q3')).toBe('body : ("budget meeting" AND "q3"*)');
    expect(matchOf('notes "from monday')).toBe('body : ("notes"* AND "from monday")');
  });

  it('neutralises FTS5 syntax: operators, columns, stars, parentheses and quotes are plain text', () => {
    expect(matchOf('NOT scope:x* (NEAR) ^a')).toBe('body : ("NOT"* AND "scope:x*"* AND "(NEAR)"* AND "^a"*)');
    expect(matchOf('say "hi"')).toBe('body : ("say"* AND "hi")');
    expect(matchOf('say ""hi""')).toBe('body : ("say"* AND "hi"*)');
  });

  it('drops words without a letter or digit and removes control characters', () => {
    expect(matchOf('!!! hello -- ?')).toBe('body : ("hello"*)');
    expect(matchOf('a\u0000b\u0002c')).toBe('body : ("a" AND "b" AND "c")');
  });

  it('keeps letters of any script and digits', () => {
    expect(matchOf('Zürich 2024 Ωmega')).toBe('body : ("Zürich"* AND "2024"* AND "Ωmega"*)');
  });

  it('refuses text with nothing to search', () => {
    for (const text of ['', '   ', '!!! ?', '""', '\u0000\u0001']) {
      expect(buildFtsQuery(text)).toEqual({ ok: false, reason: 'has no words to search for' });
    }
  });

  it(`uses at most ${MAX_QUERY_TERMS} terms`, () => {
    const words = Array.from({ length: MAX_QUERY_TERMS + 5 }, (_, i) => `w${i}`);
    expect(matchOf(words.join(' ')).match(/AND/g)).toHaveLength(MAX_QUERY_TERMS - 1);
  });

  it('always yields an expression FTS5 parses', () => {
    const db = new Database(':memory:');
    db.exec('CREATE VIRTUAL TABLE t USING fts5 (body, scope)');
    db.prepare("INSERT INTO t (body, scope) VALUES ('x', 'y')").run();
    const nasty = [
      '"',
      '"""',
      'a"b',
      '*',
      'a* OR b',
      '(',
      ')',
      'body:',
      '{body}',
      'NEAR(a b)',
      "'",
      '\\',
      '-a',
      '+',
    ];
    for (const text of nasty) {
      const built = buildFtsQuery(text);
      if (!built.ok) continue;
      expect(() => db.prepare('SELECT * FROM t WHERE t MATCH ?').all(built.match), text).not.toThrow();
    }
    db.close();
  });
});

describe('scopeFilter', () => {
  it('names each conversation by one token of letters and digits', () => {
    expect(scopeToken('ab-1')).toBe('c61622d31');
    expect(scopeFilter(['ab-1', 'x'])).toBe('scope : ("c61622d31" OR "c78")');
  });
});

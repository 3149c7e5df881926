import { MAX_QUERY_TERMS, splitTerms, type Term } from '../sqlite/search-query';

/**
 * Turns what a user typed into a search box into a `to_tsquery` text, with the same rules as
 * the SQLite store's FTS5 query (sqlite/search-query.ts): words are ANDed, a word of two or
 * more characters matches as a prefix (`:*`), text in double quotes is an exact phrase (`<->`).
 * Only runs of letters, digits and marks reach the query, each one quoted, so tsquery's own
 * syntax (`!`, `|`, `&`, parentheses, weights) is never interpreted; the `beacon_search`
 * configuration folds them as it folded the indexed text.
 */
export type TsQuery = { ok: true; query: string } | { ok: false; reason: string };

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
const TOKENS = /[\p{L}\p{N}\p{M}]+/gu;

export function buildTsQuery(text: string): TsQuery {
  const terms = splitTerms(text.normalize('NFC').replace(CONTROL_CHARACTERS, ' '))
    .map((term) => toTsTerm(term))
    .filter((term): term is string => term !== null)
    .slice(0, MAX_QUERY_TERMS);
  if (terms.length === 0) return { ok: false, reason: 'has no words to search for' };
  return { ok: true, query: terms.join(' & ') };
}

/** The term's tokens in sequence, the last one a prefix unless the term is a phrase or one letter. */
function toTsTerm(term: Term): string | null {
  const tokens = term.text.match(TOKENS);
  if (!tokens) return null;
  const last = tokens.length - 1;
  // A one-letter prefix would expand to a large part of the vocabulary: match it exactly.
  const quoted = tokens.map((token, index) =>
    !term.phrase && index === last && [...token].length >= 2 ? `'${token}':*` : `'${token}'`,
  );
  return quoted.length === 1 ? (quoted[0] ?? null) : `(${quoted.join(' <-> ')})`;
}

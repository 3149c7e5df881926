/**
 * Turns what a user typed into a search box into a safe FTS5 MATCH expression.
 *
 * Every term is passed to FTS5 as a quoted string, so FTS5's own syntax (AND, OR, NOT,
 * NEAR, column filters, `^`, `*`, parentheses) is never interpreted: a user cannot
 * write an expression that fails to parse or reaches the conversation-scope column.
 * Words are ANDed; a word of two or more characters matches as a prefix ("meet" finds
 * "meeting"); text in double quotes is an exact phrase. Terms without a letter or digit
 * (FTS5's unicode61 token characters) are dropped, since an empty phrase would make
 * the whole AND match nothing.
 */

export type FtsQuery = { ok: true; match: string } | { ok: false; reason: string };

/** Terms beyond this many are ignored: more only makes the query slower, never better. */
export const MAX_QUERY_TERMS = 16;

const TOKEN_CHARACTER = /[\p{L}\p{N}\p{Co}]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export interface Term {
  text: string;
  phrase: boolean;
}

/** The MATCH expression over the `body` column for `text`, or why there is nothing to search. */
export function buildFtsQuery(text: string): FtsQuery {
  const terms = splitTerms(text.replace(CONTROL_CHARACTERS, ' '))
    .filter((term) => TOKEN_CHARACTER.test(term.text))
    .slice(0, MAX_QUERY_TERMS);
  if (terms.length === 0) return { ok: false, reason: 'has no words to search for' };
  return { ok: true, match: `body : (${terms.map(toFtsTerm).join(' AND ')})` };
}

/** The FTS5 token that stands for a conversation in the `scope` column (see migration 009). */
export function scopeToken(conversationId: string): string {
  return `c${Buffer.from(conversationId, 'utf8').toString('hex')}`;
}

/** A MATCH expression restricting a search to the given conversations (at least one). */
export function scopeFilter(conversationIds: readonly string[]): string {
  return `scope : (${conversationIds.map((id) => `"${scopeToken(id)}"`).join(' OR ')})`;
}

function toFtsTerm(term: Term): string {
  const quoted = `"${term.text.replaceAll('"', '""')}"`;
  // A one-letter prefix would expand to a large part of the vocabulary: match it exactly.
  return term.phrase || [...term.text].length < 2 ? quoted : `${quoted}*`;
}

/** Whitespace-separated words and "quoted phrases"; an unclosed quote runs to the end. */
export function splitTerms(text: string): Term[] {
  const terms: Term[] = [];
  const parts = text.split('"');
  parts.forEach((part, index) => {
    const insideQuotes = index % 2 === 1;
    if (insideQuotes) {
      const phrase = part.trim().replace(/\s+/g, ' ');
      if (phrase) terms.push({ text: phrase, phrase: true });
      return;
    }
    for (const word of part.split(/\s+/)) if (word) terms.push({ text: word, phrase: false });
  });
  return terms;
}

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// http(s) URLs, www. hosts, mailto: URIs and bare e-mail addresses.
const LINK_PATTERN =
  /\b(?:https?:\/\/[^\s<>"]+|www\.[^\s<>"]+|mailto:[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/gi;

const TRAILING_PUNCTUATION = /[.,;:!?'"]+$/;

/** Drops sentence punctuation and an unbalanced closing bracket from the end of a match. */
function trimMatch(raw: string): string {
  let text = raw.replace(TRAILING_PUNCTUATION, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (text.endsWith(close) && count(text, close) > count(text, open)) {
      text = text.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
    }
  }
  return text;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n += 1;
  return n;
}

/** The URL a matched text opens, or null if it is not a safe http(s)/mailto link. */
export function linkTarget(text: string): string | null {
  let candidate = text;
  if (/^www\./i.test(text)) candidate = `https://${text}`;
  else if (!/^(?:https?|mailto):/i.test(text)) candidate = `mailto:${text}`;
  return safeExternalUrl(candidate);
}

/** Returns the normalised URL when it is http(s) or mailto, otherwise null. */
export function safeExternalUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:')
      return parsed.hostname ? parsed.href : null;
    if (parsed.protocol === 'mailto:') return parsed.pathname ? parsed.href : null;
    return null;
  } catch {
    return null;
  }
}

/** Splits message text into plain text and links; the text is never interpreted as HTML. */
export function linkify(body: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of body.matchAll(LINK_PATTERN)) {
    const start = match.index;
    const text = trimMatch(match[0]);
    const href = text ? linkTarget(text) : null;
    if (!href) continue;
    if (start > last) segments.push({ kind: 'text', text: body.slice(last, start) });
    segments.push({ kind: 'link', text, href });
    last = start + text.length;
  }
  if (last < body.length) segments.push({ kind: 'text', text: body.slice(last) });
  return segments;
}

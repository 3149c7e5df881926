/**
 * The least XML an XMPP client needs: an incremental splitter that cuts the server's
 * endless `<stream:stream>` document into its top-level elements (stanzas and nonzas)
 * however TCP chunks it, and a small tree parser for each of them. No namespace
 * resolution: XMPP servers use fixed prefixes (`stream:`) and default namespaces.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (its text nodes joined), entities decoded. */
  text: string;
}

export type StreamEvent =
  | { kind: 'open'; attrs: Record<string, string> }
  | { kind: 'element'; element: XmlElement }
  | { kind: 'close' };

/** A stanza larger than this is a broken stream, not a message (servers cap theirs lower). */
const MAX_PENDING_CHARS = 4 * 1024 * 1024;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** Escapes text or an attribute value (either quote style). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** Index of the `>` that ends the tag opened at `from` (quotes respected), or -1 if not yet received. */
function tagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

/** Where the markup starting at `lt` ends (inclusive), or -1 while incomplete. */
function markupEnd(xml: string, lt: number): number {
  if (xml.startsWith('<!--', lt)) {
    const end = xml.indexOf('-->', lt + 4);
    return end < 0 ? -1 : end + 2;
  }
  if (xml.startsWith('<![CDATA[', lt)) {
    const end = xml.indexOf(']]>', lt + 9);
    return end < 0 ? -1 : end + 2;
  }
  if (xml.startsWith('<?', lt)) {
    const end = xml.indexOf('?>', lt + 2);
    return end < 0 ? -1 : end + 1;
  }
  // `<!` alone could still become a comment or CDATA section.
  if (xml.length - lt < 9 && ('<![CDATA['.startsWith(xml.slice(lt)) || '<!--'.startsWith(xml.slice(lt))))
    return -1;
  return tagEnd(xml, lt);
}

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Name and attributes of a start tag's inside (between `<` and `>` or `/>`). */
function parseTag(inside: string): { name: string; attrs: Record<string, string> } {
  const nameEnd = inside.search(/[\s/]|$/);
  const name = inside.slice(0, nameEnd);
  const attrs: Record<string, string> = {};
  for (const match of inside.slice(nameEnd).matchAll(ATTRIBUTE)) {
    const [, key, double, single] = match;
    if (key) attrs[key] = decodeEntities(double ?? single ?? '');
  }
  return { name, attrs };
}

/** Parses one complete element (what the splitter hands out). */
export function parseElement(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const top = stack.at(-1);
    if (lt < 0 || lt > at) {
      if (top) top.text += decodeEntities(xml.slice(at, lt < 0 ? xml.length : lt));
      if (lt < 0) break;
    }
    const end = markupEnd(xml, lt);
    if (end < 0) throw new Error(`unterminated markup at ${lt}`);
    at = end + 1;
    if (xml.startsWith('<![CDATA[', lt)) {
      if (top) top.text += xml.slice(lt + 9, end - 2);
    } else if (xml[lt + 1] === '/') {
      stack.pop();
      if (stack.length === 0) break;
    } else if (xml[lt + 1] !== '!' && xml[lt + 1] !== '?') {
      const selfClosing = xml[end - 1] === '/';
      const { name, attrs } = parseTag(xml.slice(lt + 1, selfClosing ? end - 1 : end));
      const element: XmlElement = { name, attrs, children: [], text: '' };
      if (top) top.children.push(element);
      else root = element;
      if (!selfClosing) stack.push(element);
      else if (stack.length === 0) break;
    }
  }
  if (!root) throw new Error('no element');
  return root;
}

/**
 * Splits the server's stream into events as bytes arrive. Depth 0 is outside the stream,
 * depth 1 inside `<stream:stream>`; every element that opens at depth 1 is handed out
 * whole once its end tag has arrived.
 */
export class XmlStreamSplitter {
  private buffer = '';
  /** Where the next scan for `<` starts. */
  private scanFrom = 0;
  private depth = 0;
  /** Start of the top-level element being received, or -1. */
  private elementStart = -1;

  push(chunk: string): StreamEvent[] {
    this.buffer += chunk;
    const events: StreamEvent[] = [];
    for (;;) {
      const lt = this.buffer.indexOf('<', this.scanFrom);
      if (lt < 0) {
        this.scanFrom = this.buffer.length;
        break;
      }
      const end = markupEnd(this.buffer, lt);
      if (end < 0) {
        this.scanFrom = lt;
        break;
      }
      this.scanFrom = end + 1;
      const second = this.buffer[lt + 1];
      if (second === '?' || second === '!') continue;
      if (second === '/') {
        this.depth--;
        if (this.depth === 0) events.push({ kind: 'close' });
        else if (this.depth === 1) this.emit(events, end);
        continue;
      }
      const selfClosing = this.buffer[end - 1] === '/';
      if (this.depth === 0) {
        events.push({ kind: 'open', attrs: parseTag(this.buffer.slice(lt + 1, end)).attrs });
        this.depth = 1;
        continue;
      }
      if (this.depth === 1) this.elementStart = lt;
      if (selfClosing) {
        if (this.depth === 1) this.emit(events, end);
      } else this.depth++;
    }
    this.compact();
    return events;
  }

  /** After SASL success the stream starts afresh with a new header. */
  restart(): void {
    this.depth = 0;
    this.elementStart = -1;
  }

  private emit(events: StreamEvent[], end: number): void {
    events.push({ kind: 'element', element: parseElement(this.buffer.slice(this.elementStart, end + 1)) });
    this.elementStart = -1;
  }

  /** Drops what has been handed out, so the buffer holds at most one element in progress. */
  private compact(): void {
    const keepFrom = this.elementStart >= 0 ? this.elementStart : this.scanFrom;
    if (keepFrom > 0) {
      this.buffer = this.buffer.slice(keepFrom);
      this.scanFrom -= keepFrom;
      if (this.elementStart >= 0) this.elementStart = 0;
    }
    if (this.buffer.length > MAX_PENDING_CHARS) throw new Error('XML element too large');
  }
}

/** The first child named `name` (and in `xmlns`, if given). */
export function child(element: XmlElement, name: string, xmlns?: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name && (xmlns === undefined || c.attrs.xmlns === xmlns));
}

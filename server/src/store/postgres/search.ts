import type pg from 'pg';
import { InvalidSearchQueryError, type SearchHit, type SearchQuery, type SearchRepository } from '../types';
import { selectMessages } from './message-reads';
import { QueryParams } from './queryable';
import { buildTsQuery } from './search-query';

/** Tokens of context a snippet shows around the match, as the SQLite store's. */
const HEADLINE_OPTIONS =
  'StartSel=\u0002, StopSel=\u0003, MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1, FragmentDelimiter=" "';
const START = '\u0002';
const STOP = '\u0003';

interface HitRow {
  message_id: string;
  body: string;
  snippet: string;
}

/**
 * Full-text search on PostgreSQL over `message_search` (migration 3): the GIN index finds the
 * matches, each checked against the searcher's member periods; the snippets are made for the
 * page only, after the LIMIT.
 */
export class PostgresSearchRepository implements SearchRepository {
  constructor(private readonly pool: pg.Pool) {}

  async search(userId: string, query: SearchQuery): Promise<{ hits: SearchHit[]; more: boolean }> {
    const limit = Math.floor(query.limit);
    if (!(limit >= 1)) throw new RangeError(`search limit must be a positive integer, got ${query.limit}`);
    if (query.beforeSeq !== undefined && query.conversationId === undefined) {
      throw new InvalidSearchQueryError(
        'beforeSeq',
        'pages a search in one conversation: give conversationId too',
      );
    }
    const text = buildTsQuery(query.query);
    if (!text.ok) throw new InvalidSearchQueryError('query', text.reason);
    const beforeDoc = await this.beforeDoc(query.beforeMessageId);

    const params = new QueryParams();
    const tsquery = `to_tsquery('beacon_search', ${params.add(text.query)})`;
    const filters = [
      `s.document @@ q.query`,
      `EXISTS (SELECT 1 FROM member_periods p
               WHERE p.conversation_id = s.conversation_id AND p.user_id = ${params.add(userId)}
                 AND s.seq >= p.from_seq AND (p.to_seq IS NULL OR s.seq <= p.to_seq))`,
    ];
    if (query.conversationId !== undefined) {
      filters.push(`s.conversation_id = ${params.add(query.conversationId)}`);
    }
    if (query.beforeSeq !== undefined) filters.push(`s.seq < ${params.add(query.beforeSeq)}`);
    if (beforeDoc !== null) filters.push(`s.doc < ${params.add(beforeDoc)}`);
    const order =
      query.order === 'relevance' ? 'ts_rank(s.document, q.query) DESC, s.doc DESC' : 's.doc DESC';
    const result = await this.pool.query<HitRow>(
      `WITH q AS (SELECT ${tsquery} AS query),
       page AS (
         SELECT s.message_id, s.body, s.doc, row_number() OVER (ORDER BY ${order}) AS position
         FROM message_search s, q WHERE ${filters.join(' AND ')}
         ORDER BY ${order} LIMIT ${params.add(limit + 1)})
       SELECT page.message_id, page.body,
              ts_headline('beacon_search', page.body, q.query, ${params.add(HEADLINE_OPTIONS)}) AS snippet
       FROM page, q ORDER BY page.position`,
      params.values,
    );
    const rows = result.rows.slice(0, limit);
    const ids = rows.map((row) => row.message_id);
    const messages = new Map(
      (await selectMessages(this.pool, 'WHERE m.id = ANY($1::text[])', [ids])).map((m) => [m.id, m]),
    );
    const hits = rows.flatMap((row) => {
      const message = messages.get(row.message_id);
      return message ? [{ message, snippet: withEllipses(row.snippet, row.body) }] : [];
    });
    return { hits, more: result.rows.length > limit };
  }

  /** The order of the message `beforeMessageId` names (also once it was deleted), or null without one. */
  private async beforeDoc(messageId: string | undefined): Promise<number | null> {
    if (messageId === undefined) return null;
    const result = await this.pool.query<{ doc: number }>(
      "SELECT insertion_order AS doc FROM messages WHERE id = $1 AND kind = 'user'",
      [messageId],
    );
    const row = result.rows[0];
    if (!row) throw new InvalidSearchQueryError('beforeMessageId', `no user message ${messageId}`);
    return row.doc;
  }
}

/** An ellipsis where the fragment `ts_headline` chose leaves text out, as FTS5's snippet marks it. */
function withEllipses(snippet: string, body: string): string {
  const plain = snippet.replaceAll(START, '').replaceAll(STOP, '');
  const at = body.indexOf(plain);
  if (at < 0) return snippet;
  const before = body.slice(0, at).trim() === '' ? '' : '…';
  const after = body.slice(at + plain.length).trim() === '' ? '' : '…';
  return `${before}${snippet}${after}`;
}

import type { Message } from '@beacon/protocol';
import type { Database, Statement } from 'better-sqlite3';
import { InvalidSearchQueryError, type SearchHit, type SearchQuery, type SearchRepository } from '../types';
import { MessageHydrator } from './message-hydration';
import { MESSAGE_COLUMNS, type MessageRow } from './rows';
import { buildFtsQuery, scopeFilter } from './search-query';

/** Loads messages by id, in any order (missing ids are left out). */
export type MessageLoader = (ids: readonly string[]) => Message[];

/**
 * Up to this many readable conversations, a search over all of them names them in the MATCH
 * (FTS5 intersects the doclists); beyond, the member-period join alone filters the rows: such a
 * searcher may read a large share of the messages, so few rows are skipped.
 */
export const SCOPE_FILTER_MAX_CONVERSATIONS = 100;

/** Tokens of context a snippet shows around the match. */
const SNIPPET_TOKENS = 16;
const SNIPPET = `snippet(message_fts, 0, char(2), char(3), '…', ${SNIPPET_TOKENS})`;

/** The matches the searcher may read: inside one of their member periods. */
const READABLE_MATCHES = `
  FROM message_fts AS f
  CROSS JOIN member_periods AS p
    ON p.conversation_id = f.conversation_id AND p.user_id = @userId
    AND f.seq >= p.from_seq AND (p.to_seq IS NULL OR f.seq <= p.to_seq)
  WHERE message_fts MATCH @match
    AND (@beforeSeq IS NULL OR f.seq < @beforeSeq)
    AND (@beforeDoc IS NULL OR f.rowid < @beforeDoc)`;

/** Newest first (exported for the benchmark's floor, bench/search/). */
export const SEARCH_NEWEST_SQL = `SELECT f.rowid AS doc, f.message_id, ${SNIPPET} AS snippet ${READABLE_MATCHES}
  ORDER BY f.rowid DESC LIMIT @limit`;

/** The MATCH expression for a search text over the given readable conversations. */
export function searchMatch(textMatch: string, conversationIds: readonly string[]): string {
  return conversationIds.length <= SCOPE_FILTER_MAX_CONVERSATIONS
    ? `${textMatch} AND ${scopeFilter(conversationIds)}`
    : textMatch;
}

interface HitRow {
  doc: number;
  message_id: string;
  snippet: string;
}

export interface HitParams {
  userId: string;
  match: string;
  limit: number;
  beforeSeq: number | null;
  beforeDoc: number | null;
}

/**
 * FTS5 search over `message_fts` (migration 9). The FTS table is the outer loop (CROSS JOIN
 * fixes the order), scanned newest first without a sort, and each candidate is checked against
 * the searcher's member periods by primary key; the scan stops once the page is full.
 */
export class SqliteSearchRepository implements SearchRepository {
  private readonly readableConversations: Statement<[string], { conversation_id: string }>;
  private readonly docOf: Statement<[string], { doc: number }>;
  private readonly newest: Statement<HitParams, HitRow>;
  private readonly bestRanked: Statement<HitParams, Omit<HitRow, 'snippet'>>;
  private readonly snippetOf: Statement<[string, number], { snippet: string }>;

  constructor(
    db: Database,
    private readonly loadMessages: MessageLoader = messageLoader(db),
  ) {
    this.readableConversations = db.prepare(
      'SELECT DISTINCT conversation_id FROM member_periods WHERE user_id = ?',
    );
    this.docOf = db.prepare('SELECT doc FROM message_search_docs WHERE message_id = ?');
    this.newest = db.prepare(SEARCH_NEWEST_SQL);
    // Sorting by rank needs every match; the snippets are made afterwards for the page only.
    this.bestRanked = db.prepare(
      `SELECT f.rowid AS doc, f.message_id ${READABLE_MATCHES} ORDER BY f.rank, f.rowid DESC LIMIT @limit`,
    );
    this.snippetOf = db.prepare(
      `SELECT ${SNIPPET} AS snippet FROM message_fts WHERE message_fts MATCH ? AND rowid = ?`,
    );
  }

  async search(userId: string, query: SearchQuery): Promise<{ hits: SearchHit[]; more: boolean }> {
    const limit = Math.floor(query.limit);
    if (!(limit >= 1)) throw new RangeError(`search limit must be a positive integer, got ${query.limit}`);
    if (query.beforeSeq !== undefined && query.conversationId === undefined) {
      throw new InvalidSearchQueryError(
        'beforeSeq',
        'pages a search in one conversation: give conversationId too',
      );
    }
    const text = buildFtsQuery(query.query);
    if (!text.ok) throw new InvalidSearchQueryError('query', text.reason);

    const scope = this.scopeOf(userId, query.conversationId);
    if (scope.length === 0) return { hits: [], more: false };
    const beforeDoc = this.beforeDoc(query.beforeMessageId);

    const match = searchMatch(text.match, scope);
    const params: HitParams = {
      userId,
      match,
      limit: limit + 1,
      beforeSeq: query.beforeSeq ?? null,
      beforeDoc,
    };
    const rows = query.order === 'relevance' ? this.ranked(params) : this.newest.all(params);
    const page = rows.slice(0, limit);
    const messages = new Map(this.loadMessages(page.map((row) => row.message_id)).map((m) => [m.id, m]));
    const hits = page.flatMap((row) => {
      const message = messages.get(row.message_id);
      return message ? [{ message, snippet: row.snippet }] : [];
    });
    return { hits, more: rows.length > limit };
  }

  /** The conversations searched: the one asked for, or every one the user may read something of. */
  private scopeOf(userId: string, conversationId: string | undefined): string[] {
    const readable = this.readableConversations.all(userId).map((row) => row.conversation_id);
    if (conversationId === undefined) return readable;
    return readable.includes(conversationId) ? [conversationId] : [];
  }

  /** The index row `beforeMessageId` names (also once it was deleted), or null without one. */
  private beforeDoc(messageId: string | undefined): number | null {
    if (messageId === undefined) return null;
    const row = this.docOf.get(messageId);
    if (!row) throw new InvalidSearchQueryError('beforeMessageId', `no user message ${messageId}`);
    return row.doc;
  }

  private ranked(params: HitParams): HitRow[] {
    return this.bestRanked.all(params).map((row) => ({
      ...row,
      snippet: this.snippetOf.get(params.match, row.doc)?.snippet ?? '',
    }));
  }
}

/** Reads messages as history does (message-hydration.ts): current body, reactions, attachments. */
export function messageLoader(db: Database): MessageLoader {
  const hydrator = new MessageHydrator(db);
  const select: Statement<[string], MessageRow> = db.prepare(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id IN (SELECT value FROM json_each(?))`,
  );
  return (ids) => (ids.length === 0 ? [] : hydrator.toMessages(select.all(JSON.stringify(ids))));
}

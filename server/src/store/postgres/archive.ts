import type pg from 'pg';
import type { ArchiveEntry, ArchiveKind } from '../../compliance/entries';
import {
  ENTRY_COLUMNS,
  type EntryRow,
  type ManifestRow,
  prefixedEntryColumns as prefixed,
  toEntry,
  toManifest,
} from '../archive-rows';
import type {
  ArchiveQuery,
  ArchiveRepository,
  ChainHead,
  ManifestRecord,
  NewManifest,
} from '../ports/compliance';
import { PostgresArchiveLog } from './archive-log';
import { lockConversations } from './conversation-lock';
import { inTransaction } from './transaction';

/** Rows per read of `entries()`. */
const ENTRY_PAGE_SIZE = 500;

/**
 * Reads the archive (verification, export, retention) and keeps the signed manifests. Chains
 * are in the order of their ids' bytes (the column is COLLATE "C", migration 2), as in SQLite.
 */
export class PostgresArchiveRepository implements ArchiveRepository {
  private readonly log = new PostgresArchiveLog();

  constructor(private readonly pool: pg.Pool) {}

  /** Page by page (keyset on chain, then position): never the whole archive in memory. */
  async *entries(query: ArchiveQuery = {}): AsyncIterable<ArchiveEntry> {
    const chains =
      query.chain !== undefined
        ? [query.chain].filter((chain) => query.conversationIds?.includes(chain) ?? true)
        : query.conversationIds !== undefined
          ? [...new Set(query.conversationIds)].sort()
          : null;
    let chainIndex = 0;
    let chain = chains ? chains[0] : await this.nextChain('');
    let afterSeq = 0;
    const from = query.from ?? Number.MIN_SAFE_INTEGER;
    const until = query.until ?? Number.MAX_SAFE_INTEGER;
    while (chain !== undefined) {
      const rows = await this.rows(
        `SELECT ${ENTRY_COLUMNS} FROM archive_entries
         WHERE chain = $1 AND chain_seq > $2 AND at >= $3 AND at < $4 ORDER BY chain_seq LIMIT $5`,
        [chain, afterSeq, from, until, ENTRY_PAGE_SIZE],
      );
      for (const row of rows) yield toEntry(row);
      const last = rows.at(-1);
      if (last && rows.length === ENTRY_PAGE_SIZE) {
        afterSeq = last.chain_seq;
        continue;
      }
      afterSeq = 0;
      chainIndex += 1;
      chain = chains ? chains[chainIndex] : await this.nextChain(chain);
    }
  }

  async heads(until = Number.MAX_SAFE_INTEGER): Promise<ChainHead[]> {
    const rows = await this.rows(
      `SELECT ${prefixed('e')} FROM
         (SELECT chain, max(chain_seq) AS head FROM archive_entries WHERE at < $1 GROUP BY chain) h
       JOIN archive_entries e ON e.chain = h.chain AND e.chain_seq = h.head
       ORDER BY e.chain`,
      [until],
    );
    return rows.map((row) => ({ chain: row.chain, chainSeq: row.chain_seq, hash: row.hash, at: row.at }));
  }

  latestPurge(chain: string): Promise<ArchiveEntry | null> {
    return this.one(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries WHERE chain = $1 AND kind = 'purge'
       ORDER BY chain_seq DESC LIMIT 1`,
      [chain],
    );
  }

  entryAt(chain: string, chainSeq: number): Promise<ArchiveEntry | null> {
    return this.one(`SELECT ${ENTRY_COLUMNS} FROM archive_entries WHERE chain = $1 AND chain_seq = $2`, [
      chain,
      chainSeq,
    ]);
  }

  first(chain: string): Promise<ArchiveEntry | null> {
    return this.one(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries WHERE chain = $1 ORDER BY chain_seq LIMIT 1`,
      [chain],
    );
  }

  /** Under the conversation's lock, like every other write to its chain. */
  purgePrefix(chain: string, throughSeq: number, cutoff: number, at: number): Promise<ArchiveEntry> {
    return inTransaction(this.pool, async (client) => {
      await lockConversations(client, [chain]);
      const last = (
        await client.query<{ hash: string }>(
          'SELECT hash FROM archive_entries WHERE chain = $1 AND chain_seq = $2',
          [chain, throughSeq],
        )
      ).rows[0];
      if (!last) throw new RangeError(`chain ${chain} has no entry ${throughSeq}`);
      const removed = await client.query('DELETE FROM archive_entries WHERE chain = $1 AND chain_seq <= $2', [
        chain,
        throughSeq,
      ]);
      return this.log.append(client, {
        at,
        conversationId: chain,
        actor: null,
        messageId: null,
        payload: {
          kind: 'purge',
          purgedThrough: throughSeq,
          hashAtPurgedThrough: last.hash,
          removed: removed.rowCount ?? 0,
          cutoff,
        },
      });
    });
  }

  async unarchivedMessages(limit: number) {
    // CASE: the payload is read as JSON only for purge entries (whatever order the planner picks).
    const result = await this.pool.query<{ id: string; conversation_id: string; seq: number }>(
      `SELECT m.id, m.conversation_id, m.seq FROM messages m
       WHERE m.kind = 'user' AND NOT EXISTS (
         SELECT 1 FROM archive_entries a WHERE a.message_id = m.id AND a.kind = 'message.sent')
       -- unless a purge of its chain removed entries from before it was sent
       AND NOT EXISTS (
         SELECT 1 FROM archive_entries p WHERE p.chain = m.conversation_id AND p.kind = 'purge'
           AND CASE WHEN p.kind = 'purge' THEN (p.payload::jsonb ->> 'cutoff')::numeric > m.sent_at END)
       ORDER BY m.sent_at, m.insertion_order LIMIT $1`,
      [limit],
    );
    return result.rows.map((row) => ({
      messageId: row.id,
      conversationId: row.conversation_id,
      seq: row.seq,
    }));
  }

  async saveManifest(manifest: NewManifest): Promise<ManifestRecord> {
    const result = await this.pool.query<{ id: number }>(
      `INSERT INTO archive_manifests (created_at, covers_until, heads, key_id, signature)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [manifest.createdAt, manifest.coversUntil, manifest.heads, manifest.keyId, manifest.signature],
    );
    const id = result.rows[0]?.id;
    if (id === undefined) throw new Error('the manifest insert returned no id');
    return { ...manifest, id };
  }

  async manifests(): Promise<ManifestRecord[]> {
    const result = await this.pool.query<ManifestRow>(
      'SELECT id, created_at, covers_until, heads, key_id, signature FROM archive_manifests ORDER BY covers_until, id',
    );
    return result.rows.map(toManifest);
  }

  latestOfKinds(
    chain: string,
    kinds: readonly ArchiveKind[],
    beforeChainSeq: number,
  ): Promise<ArchiveEntry | null> {
    return this.one(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries
       WHERE chain = $1 AND chain_seq < $2 AND kind = ANY($3::text[])
       ORDER BY chain_seq DESC LIMIT 1`,
      [chain, beforeChainSeq, [...kinds]],
    );
  }

  sentEntryOf(messageId: string): Promise<ArchiveEntry | null> {
    return this.one(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries WHERE message_id = $1 AND kind = 'message.sent' LIMIT 1`,
      [messageId],
    );
  }

  async conversationIdsOfMember(userId: string): Promise<string[]> {
    const result = await this.pool.query<{ conversation_id: string }>(
      `SELECT DISTINCT conversation_id COLLATE "C" AS conversation_id FROM member_periods
       WHERE user_id = $1 ORDER BY 1`,
      [userId],
    );
    return result.rows.map((row) => row.conversation_id);
  }

  private async nextChain(after: string): Promise<string | undefined> {
    const result = await this.pool.query<{ chain: string }>(
      'SELECT chain FROM archive_entries WHERE chain > $1 ORDER BY chain LIMIT 1',
      [after],
    );
    return result.rows[0]?.chain;
  }

  private async rows(sql: string, values: unknown[]): Promise<EntryRow[]> {
    return (await this.pool.query<EntryRow>(sql, values)).rows;
  }

  private async one(sql: string, values: unknown[]): Promise<ArchiveEntry | null> {
    const row = (await this.rows(sql, values))[0];
    return row ? toEntry(row) : null;
  }
}

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  ArchivePrefix,
  LegalHold,
  MessagePurgeResult,
  NewLegalHold,
  RetainedConversation,
  RetentionPolicy,
  RetentionRepository,
  RetentionScope,
} from '../ports/retention';
import { DEFAULT_PURGE_BATCH } from '../sqlite/retention';
import type { Queryable } from './queryable';
import { inTransaction } from './transaction';

interface PolicyRow {
  scope: RetentionScope;
  messages_ms: number | null;
  archive_ms: number | null;
  updated_at: number;
  updated_by: string;
}

interface HoldRow {
  id: string;
  kind: 'user' | 'conversation';
  target_id: string;
  case_name: string;
  reason: string;
  created_at: number;
  created_by: string;
  released_at: number | null;
  released_by: string | null;
}

const HOLD_COLUMNS =
  'id, kind, target_id, case_name, reason, created_at, created_by, released_at, released_by';

const ACTIVE_USER_HOLDS = `SELECT target_id FROM legal_holds WHERE kind = 'user' AND released_at IS NULL`;

/** Conversation holds, and every conversation a held user is, or ever was, a member of. */
const HELD_CONVERSATIONS = `
  SELECT target_id AS id FROM legal_holds WHERE kind = 'conversation' AND released_at IS NULL
  UNION SELECT conversation_id FROM conversation_members WHERE user_id IN (${ACTIVE_USER_HOLDS})
  UNION SELECT conversation_id FROM member_periods WHERE user_id IN (${ACTIVE_USER_HOLDS})
  UNION SELECT conversation_id FROM former_members WHERE user_id IN (${ACTIVE_USER_HOLDS})`;

/** Children before the rows they reference; the search row would go with its message anyway. */
const PURGE_DELETIONS = [
  'DELETE FROM message_search WHERE message_id = ANY($1::text[])',
  'DELETE FROM message_reactions WHERE message_id = ANY($1::text[])',
  'DELETE FROM message_attachments WHERE message_id = ANY($1::text[])',
  'DELETE FROM message_versions WHERE message_id = ANY($1::text[])',
  'DELETE FROM messages WHERE id = ANY($1::text[])',
];

function toPolicy(row: PolicyRow): RetentionPolicy {
  return {
    scope: row.scope,
    messagesMs: row.messages_ms,
    archiveMs: row.archive_ms,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toHold(row: HoldRow): LegalHold {
  return {
    id: row.id,
    kind: row.kind,
    targetId: row.target_id,
    caseName: row.case_name,
    reason: row.reason,
    createdAt: row.created_at,
    createdBy: row.created_by,
    releasedAt: row.released_at,
    releasedBy: row.released_by,
  };
}

/** Retention policies, legal holds and the purge of what users see, on PostgreSQL (SQLite: sqlite/retention.ts). */
export class PostgresRetentionRepository implements RetentionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async policies(): Promise<RetentionPolicy[]> {
    const result = await this.pool.query<PolicyRow>(
      `SELECT * FROM retention_policies ORDER BY CASE scope WHEN 'all' THEN 0 WHEN 'direct' THEN 1 ELSE 2 END`,
    );
    return result.rows.map(toPolicy);
  }

  async policy(scope: RetentionScope): Promise<RetentionPolicy | null> {
    const result = await this.pool.query<PolicyRow>('SELECT * FROM retention_policies WHERE scope = $1', [
      scope,
    ]);
    const row = result.rows[0];
    return row ? toPolicy(row) : null;
  }

  async setPolicy(policy: RetentionPolicy): Promise<RetentionPolicy> {
    await this.pool.query(
      `INSERT INTO retention_policies (scope, messages_ms, archive_ms, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (scope) DO UPDATE SET messages_ms = excluded.messages_ms, archive_ms = excluded.archive_ms,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [policy.scope, policy.messagesMs, policy.archiveMs, policy.updatedAt, policy.updatedBy],
    );
    return { ...policy };
  }

  async addHold(hold: NewLegalHold): Promise<LegalHold> {
    const id = randomUUID();
    await this.pool.query(
      `INSERT INTO legal_holds (id, kind, target_id, case_name, reason, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, hold.kind, hold.targetId, hold.caseName, hold.reason, hold.createdAt, hold.createdBy],
    );
    return { ...hold, id, releasedAt: null, releasedBy: null };
  }

  async hold(id: string): Promise<LegalHold | null> {
    const result = await this.pool.query<HoldRow>(`SELECT ${HOLD_COLUMNS} FROM legal_holds WHERE id = $1`, [
      id,
    ]);
    const row = result.rows[0];
    return row ? toHold(row) : null;
  }

  async holds(options: { includeReleased?: boolean } = {}): Promise<LegalHold[]> {
    const where = options.includeReleased ? '' : 'WHERE released_at IS NULL';
    const result = await this.pool.query<HoldRow>(
      `SELECT ${HOLD_COLUMNS} FROM legal_holds ${where} ORDER BY created_at, insertion_order`,
    );
    return result.rows.map(toHold);
  }

  async releaseHold(id: string, at: number, by: string): Promise<LegalHold | null> {
    const result = await this.pool.query<HoldRow>(
      `UPDATE legal_holds SET released_at = $1, released_by = $2 WHERE id = $3 AND released_at IS NULL
       RETURNING ${HOLD_COLUMNS}`,
      [at, by, id],
    );
    const row = result.rows[0];
    return row ? toHold(row) : null;
  }

  async heldConversationIds(): Promise<Set<string>> {
    const result = await this.pool.query<{ id: string }>(HELD_CONVERSATIONS);
    return new Set(result.rows.map((row) => row.id));
  }

  isHeld(conversationId: string): Promise<boolean> {
    return isHeldOn(this.pool, conversationId);
  }

  async conversations(): Promise<RetainedConversation[]> {
    const result = await this.pool.query<RetainedConversation>(
      'SELECT id, kind FROM conversations ORDER BY created_at, id COLLATE "C"',
    );
    return result.rows;
  }

  async countMessagesBefore(
    conversationIds: readonly string[],
    cutoff: number,
  ): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return new Map();
    const result = await this.pool.query<{ conversation_id: string; count: number }>(
      `SELECT conversation_id, count(*) AS count FROM messages
       WHERE conversation_id = ANY($1::text[]) AND sent_at < $2 GROUP BY conversation_id`,
      [[...conversationIds], cutoff],
    );
    return new Map(result.rows.map((row) => [row.conversation_id, row.count]));
  }

  async purgeMessages(
    conversationId: string,
    cutoff: number,
    batchSize = DEFAULT_PURGE_BATCH,
  ): Promise<MessagePurgeResult> {
    const limit = Math.max(1, Math.floor(batchSize));
    let messages = 0;
    for (;;) {
      const removed = await inTransaction(this.pool, (client) =>
        this.purgeBatch(client, conversationId, cutoff, limit),
      );
      if (removed === null) return { messages, purged: false };
      messages += removed;
      if (removed < limit) return { messages, purged: true };
    }
  }

  /**
   * One batch; null when the conversation is held. The guard row lets the deletes past the
   * triggers that refuse any other delete, and is gone again when the transaction commits.
   */
  private async purgeBatch(
    client: pg.PoolClient,
    conversationId: string,
    cutoff: number,
    limit: number,
  ): Promise<number | null> {
    if (await isHeldOn(client, conversationId)) return null;
    const selected = await client.query<{ id: string }>(
      'SELECT id FROM messages WHERE conversation_id = $1 AND sent_at < $2 ORDER BY seq LIMIT $3',
      [conversationId, cutoff, limit],
    );
    const ids = selected.rows.map((row) => row.id);
    if (ids.length === 0) return 0;
    await client.query('INSERT INTO retention_purge_guard (id) VALUES (1)');
    for (const deletion of PURGE_DELETIONS) await client.query(deletion, [ids]);
    await client.query('DELETE FROM retention_purge_guard');
    return ids.length;
  }

  async archivePrefixes(chains: readonly string[], cutoff: number): Promise<ArchivePrefix[]> {
    if (chains.length === 0) return [];
    // The prefix of a chain stops before its first entry written at or after the cutoff.
    const result = await this.pool.query<{ chain: string; through_seq: number; entries: number }>(
      `WITH stops AS (
         SELECT c.chain,
           (SELECT min(a.chain_seq) FROM archive_entries a WHERE a.chain = c.chain AND a.at >= $2) AS stop
         FROM unnest($1::text[]) AS c (chain))
       SELECT s.chain, max(a.chain_seq) AS through_seq, count(*) AS entries
       FROM stops s JOIN archive_entries a ON a.chain = s.chain AND (s.stop IS NULL OR a.chain_seq < s.stop)
       GROUP BY s.chain
       HAVING count(*) FILTER (WHERE a.kind <> 'purge') > 0
       ORDER BY s.chain COLLATE "C"`,
      [[...chains], cutoff],
    );
    return result.rows.map((row) => ({
      chain: row.chain,
      throughSeq: row.through_seq,
      entries: row.entries,
    }));
  }
}

async function isHeldOn(q: Queryable, conversationId: string): Promise<boolean> {
  const result = await q.query<{ held: boolean }>(`SELECT $1::text IN (${HELD_CONVERSATIONS}) AS held`, [
    conversationId,
  ]);
  return result.rows[0]?.held === true;
}

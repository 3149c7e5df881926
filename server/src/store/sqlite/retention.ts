import { randomUUID } from 'node:crypto';
import type { Database, Statement, Transaction } from 'better-sqlite3';
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

/** Messages removed per transaction: short enough that senders never wait long for the lock. */
export const DEFAULT_PURGE_BATCH = 500;

/** `IN (…)` over a JSON array: one statement whatever the number of ids. */
const IDS = '(SELECT value FROM json_each(?))';

const ACTIVE_USER_HOLDS = `SELECT target_id FROM legal_holds WHERE kind = 'user' AND released_at IS NULL`;

/** Conversation holds, and every conversation a held user is, or ever was, a member of. */
const HELD_CONVERSATIONS = `
  SELECT target_id AS id FROM legal_holds WHERE kind = 'conversation' AND released_at IS NULL
  UNION SELECT conversation_id FROM conversation_members WHERE user_id IN (${ACTIVE_USER_HOLDS})
  UNION SELECT conversation_id FROM member_periods WHERE user_id IN (${ACTIVE_USER_HOLDS})
  UNION SELECT conversation_id FROM former_members WHERE user_id IN (${ACTIVE_USER_HOLDS})`;

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

/** Retention policies, legal holds and the purge of what users see (migrations 12 and 13). */
export class SqliteRetentionRepository implements RetentionRepository {
  private readonly selectPolicies: Statement<[], PolicyRow>;
  private readonly selectPolicy: Statement<[string], PolicyRow>;
  private readonly upsertPolicy: Statement<[string, number | null, number | null, number, string]>;
  private readonly insertHold: Statement<[string, string, string, string, string, number, string]>;
  private readonly selectHold: Statement<[string], HoldRow>;
  private readonly selectActiveHolds: Statement<[], HoldRow>;
  private readonly selectAllHolds: Statement<[], HoldRow>;
  private readonly release: Statement<[number, string, string]>;
  private readonly selectHeld: Statement<[], { id: string }>;
  private readonly selectIsHeld: Statement<[string], { held: number }>;
  private readonly selectConversations: Statement<[], RetainedConversation>;
  private readonly countBefore: Statement<[string, number], { conversation_id: string; count: number }>;
  private readonly selectPrefixes: Statement<
    [{ chains: string; cutoff: number }],
    { chain: string; through_seq: number; entries: number }
  >;
  private readonly purgeBatch: Transaction<
    (conversationId: string, cutoff: number, limit: number) => number | null
  >;

  constructor(db: Database) {
    this.selectPolicies = db.prepare(
      `SELECT * FROM retention_policies ORDER BY CASE scope WHEN 'all' THEN 0 WHEN 'direct' THEN 1 ELSE 2 END`,
    );
    this.selectPolicy = db.prepare('SELECT * FROM retention_policies WHERE scope = ?');
    this.upsertPolicy = db.prepare(
      `INSERT INTO retention_policies (scope, messages_ms, archive_ms, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (scope) DO UPDATE SET messages_ms = excluded.messages_ms, archive_ms = excluded.archive_ms,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    this.insertHold = db.prepare(
      `INSERT INTO legal_holds (id, kind, target_id, case_name, reason, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectHold = db.prepare('SELECT * FROM legal_holds WHERE id = ?');
    this.selectActiveHolds = db.prepare(
      'SELECT * FROM legal_holds WHERE released_at IS NULL ORDER BY created_at, rowid',
    );
    this.selectAllHolds = db.prepare('SELECT * FROM legal_holds ORDER BY created_at, rowid');
    this.release = db.prepare(
      'UPDATE legal_holds SET released_at = ?, released_by = ? WHERE id = ? AND released_at IS NULL',
    );
    this.selectHeld = db.prepare(HELD_CONVERSATIONS);
    this.selectIsHeld = db.prepare(`SELECT ? IN (${HELD_CONVERSATIONS}) AS held`);
    this.selectConversations = db.prepare('SELECT id, kind FROM conversations ORDER BY created_at, id');
    this.countBefore = db.prepare(
      `SELECT conversation_id, count(*) AS count FROM messages
       WHERE conversation_id IN ${IDS} AND sent_at < ? GROUP BY conversation_id`,
    );
    // The prefix of a chain stops before its first entry written at or after the cutoff.
    this.selectPrefixes = db.prepare(
      `WITH stops AS (
         SELECT c.value AS chain,
           (SELECT min(a.chain_seq) FROM archive_entries a WHERE a.chain = c.value AND a.at >= @cutoff) AS stop
         FROM json_each(@chains) c)
       SELECT s.chain, max(a.chain_seq) AS through_seq, count(*) AS entries
       FROM stops s JOIN archive_entries a ON a.chain = s.chain AND (s.stop IS NULL OR a.chain_seq < s.stop)
       GROUP BY s.chain
       HAVING sum(a.kind <> 'purge') > 0
       ORDER BY s.chain`,
    );
    this.purgeBatch = this.preparePurgeBatch(db);
  }

  private preparePurgeBatch(db: Database) {
    const selectIds = db.prepare<[string, number, number], { id: string }>(
      'SELECT id FROM messages WHERE conversation_id = ? AND sent_at < ? ORDER BY seq LIMIT ?',
    );
    const openGuard = db.prepare('INSERT INTO retention_purge_guard (id) VALUES (1)');
    const closeGuard = db.prepare('DELETE FROM retention_purge_guard');
    // Order matters: the search row is found through its doc, and the children go before the rows.
    const deletions = [
      `DELETE FROM message_fts WHERE rowid IN (SELECT doc FROM message_search_docs WHERE message_id IN ${IDS})`,
      `DELETE FROM message_search_docs WHERE message_id IN ${IDS}`,
      `DELETE FROM message_reactions WHERE message_id IN ${IDS}`,
      `DELETE FROM message_attachments WHERE message_id IN ${IDS}`,
      `DELETE FROM message_versions WHERE message_id IN ${IDS}`,
      `DELETE FROM messages WHERE id IN ${IDS}`,
    ].map((sql) => db.prepare<[string]>(sql));
    /** Removes one batch; null when the conversation is held (checked under the write lock). */
    return db.transaction((conversationId: string, cutoff: number, limit: number): number | null => {
      if (this.selectIsHeld.get(conversationId)?.held) return null;
      const ids = selectIds.all(conversationId, cutoff, limit).map((row) => row.id);
      if (ids.length === 0) return 0;
      const json = JSON.stringify(ids);
      openGuard.run();
      for (const deletion of deletions) deletion.run(json);
      closeGuard.run();
      return ids.length;
    });
  }

  async policies(): Promise<RetentionPolicy[]> {
    return this.selectPolicies.all().map(toPolicy);
  }

  async policy(scope: RetentionScope): Promise<RetentionPolicy | null> {
    const row = this.selectPolicy.get(scope);
    return row ? toPolicy(row) : null;
  }

  async setPolicy(policy: RetentionPolicy): Promise<RetentionPolicy> {
    this.upsertPolicy.run(
      policy.scope,
      policy.messagesMs,
      policy.archiveMs,
      policy.updatedAt,
      policy.updatedBy,
    );
    return { ...policy };
  }

  async addHold(hold: NewLegalHold): Promise<LegalHold> {
    const id = randomUUID();
    this.insertHold.run(
      id,
      hold.kind,
      hold.targetId,
      hold.caseName,
      hold.reason,
      hold.createdAt,
      hold.createdBy,
    );
    return { ...hold, id, releasedAt: null, releasedBy: null };
  }

  async hold(id: string): Promise<LegalHold | null> {
    const row = this.selectHold.get(id);
    return row ? toHold(row) : null;
  }

  async holds(options: { includeReleased?: boolean } = {}): Promise<LegalHold[]> {
    const rows = options.includeReleased ? this.selectAllHolds.all() : this.selectActiveHolds.all();
    return rows.map(toHold);
  }

  async releaseHold(id: string, at: number, by: string): Promise<LegalHold | null> {
    if (this.release.run(at, by, id).changes === 0) return null;
    return this.hold(id);
  }

  async heldConversationIds(): Promise<Set<string>> {
    return new Set(this.selectHeld.all().map((row) => row.id));
  }

  async conversations(): Promise<RetainedConversation[]> {
    return this.selectConversations.all();
  }

  async isHeld(conversationId: string): Promise<boolean> {
    return this.selectIsHeld.get(conversationId)?.held === 1;
  }

  async countMessagesBefore(
    conversationIds: readonly string[],
    cutoff: number,
  ): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return new Map();
    const rows = this.countBefore.all(JSON.stringify(conversationIds), cutoff);
    return new Map(rows.map((row) => [row.conversation_id, row.count]));
  }

  async purgeMessages(
    conversationId: string,
    cutoff: number,
    batchSize = DEFAULT_PURGE_BATCH,
  ): Promise<MessagePurgeResult> {
    const limit = Math.max(1, Math.floor(batchSize));
    let messages = 0;
    for (;;) {
      // IMMEDIATE: the hold check and the deletes happen under the write lock, so a hold added
      // by the admin CLI meanwhile is seen by the next batch at the latest.
      const removed = this.purgeBatch.immediate(conversationId, cutoff, limit);
      if (removed === null) return { messages, purged: false };
      messages += removed;
      if (removed < limit) return { messages, purged: true };
      // Let the event loop (and the group commit of senders) run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async archivePrefixes(chains: readonly string[], cutoff: number): Promise<ArchivePrefix[]> {
    if (chains.length === 0) return [];
    return this.selectPrefixes
      .all({ chains: JSON.stringify(chains), cutoff })
      .map((row) => ({ chain: row.chain, throughSeq: row.through_seq, entries: row.entries }));
  }
}

import type { Database, Statement } from 'better-sqlite3';
import { GENESIS_HASH, sealEntry } from '../../compliance/chain';
import {
  type ArchivedPerson,
  type ArchiveEntry,
  type ArchiveEvent,
  type ArchiveKind,
  toEntryContent,
} from '../../compliance/entries';
import {
  ENTRY_COLUMNS,
  type EntryColumnValues,
  type EntryRow,
  entryColumnValues,
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

/** Rows per read of `entries()`. */
const ENTRY_PAGE_SIZE = 500;

/**
 * Writes archive entries inside the caller's transaction (the message, edit or membership
 * change it records commits with it, or neither does), each linked to its chain's head.
 */
export class ArchiveLog {
  private readonly selectHead: Statement<[string], { chain_seq: number; hash: string }>;
  private readonly insert: Statement<EntryColumnValues>;
  private readonly selectPerson: Statement<[string], ArchivedPerson>;
  private readonly selectMembers: Statement<[string], ArchivedPerson>;

  constructor(db: Database) {
    this.selectHead = db.prepare(
      'SELECT chain_seq, hash FROM archive_entries WHERE chain = ? ORDER BY chain_seq DESC LIMIT 1',
    );
    this.insert = db.prepare(
      `INSERT INTO archive_entries (${ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectPerson = db.prepare('SELECT id, email, name FROM users WHERE id = ?');
    this.selectMembers = db.prepare(
      `SELECT u.id, u.email, u.name FROM conversation_members m JOIN users u ON u.id = m.user_id
       WHERE m.conversation_id = ? ORDER BY m.position`,
    );
  }

  append(event: ArchiveEvent): ArchiveEntry {
    const head = this.selectHead.get(event.conversationId);
    const entry = sealEntry(head?.hash ?? GENESIS_HASH, toEntryContent(event, (head?.chain_seq ?? 0) + 1));
    this.write(entry);
    return entry;
  }

  write(entry: ArchiveEntry): void {
    this.insert.run(...entryColumnValues(entry));
  }

  /** Who someone is now, as the record keeps them (a user that does not exist: by id only). */
  person(userId: string): ArchivedPerson {
    return this.selectPerson.get(userId) ?? { id: userId, email: '', name: '' };
  }

  people(userIds: readonly string[]): ArchivedPerson[] {
    return userIds.map((id) => this.person(id));
  }

  members(conversationId: string): ArchivedPerson[] {
    return this.selectMembers.all(conversationId);
  }
}

/** Reads the archive (verification, export, retention) and keeps the signed manifests. */
export class SqliteArchiveRepository implements ArchiveRepository {
  private readonly log: ArchiveLog;
  private readonly selectHeads: Statement<[number], EntryRow>;
  private readonly selectLatestPurge: Statement<[string], EntryRow>;
  private readonly selectEntry: Statement<[string, number], EntryRow>;
  private readonly selectFirst: Statement<[string], EntryRow>;
  private readonly deletePrefix: Statement<[string, number]>;
  private readonly insertManifest: Statement<[number, number, string, string, string]>;
  private readonly selectManifests: Statement<[], ManifestRow>;
  private readonly selectUnarchived: Statement<
    [number],
    { id: string; conversation_id: string; seq: number }
  >;
  private readonly selectNextChain: Statement<[string], { chain: string }>;
  private readonly selectPage: Statement<[string, number, number, number, number], EntryRow>;
  private readonly selectLatestOfKinds: Statement<[string, number, string], EntryRow>;
  private readonly selectSentEntry: Statement<[string], EntryRow>;
  private readonly selectConversationsOfMember: Statement<[string], { conversation_id: string }>;

  constructor(private readonly db: Database) {
    this.log = new ArchiveLog(db);
    this.selectHeads = db.prepare(
      `SELECT ${prefixed('e')} FROM
         (SELECT chain, max(chain_seq) AS head FROM archive_entries WHERE at < ? GROUP BY chain) h
       JOIN archive_entries e ON e.chain = h.chain AND e.chain_seq = h.head
       ORDER BY e.chain`,
    );
    this.selectLatestPurge = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries WHERE chain = ? AND kind = 'purge'
       ORDER BY chain_seq DESC LIMIT 1`,
    );
    this.selectEntry = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries WHERE chain = ? AND chain_seq = ?`,
    );
    this.selectFirst = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries WHERE chain = ? ORDER BY chain_seq LIMIT 1`,
    );
    this.deletePrefix = db.prepare('DELETE FROM archive_entries WHERE chain = ? AND chain_seq <= ?');
    this.insertManifest = db.prepare(
      'INSERT INTO archive_manifests (created_at, covers_until, heads, key_id, signature) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectManifests = db.prepare('SELECT * FROM archive_manifests ORDER BY covers_until, id');
    this.selectUnarchived = db.prepare(
      `SELECT m.id, m.conversation_id, m.seq FROM messages m
       WHERE m.kind = 'user' AND NOT EXISTS (
         SELECT 1 FROM archive_entries a WHERE a.message_id = m.id AND a.kind = 'message.sent')
       -- unless a purge of its chain removed entries from before it was sent
       AND NOT EXISTS (
         SELECT 1 FROM archive_entries p WHERE p.chain = m.conversation_id AND p.kind = 'purge'
           AND json_extract(p.payload, '$.cutoff') > m.sent_at)
       ORDER BY m.sent_at LIMIT ?`,
    );
    this.selectNextChain = db.prepare(
      'SELECT chain FROM archive_entries WHERE chain > ? ORDER BY chain LIMIT 1',
    );
    // `+at`: the primary key walks the chain in order; the `at` index would sort every page.
    this.selectPage = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries
       WHERE chain = ? AND chain_seq > ? AND +at >= ? AND +at < ? ORDER BY chain_seq LIMIT ?`,
    );
    this.selectLatestOfKinds = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries
       WHERE chain = ? AND chain_seq < ? AND kind IN (SELECT value FROM json_each(?))
       ORDER BY chain_seq DESC LIMIT 1`,
    );
    this.selectSentEntry = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM archive_entries WHERE message_id = ? AND kind = 'message.sent' LIMIT 1`,
    );
    this.selectConversationsOfMember = db.prepare(
      'SELECT DISTINCT conversation_id FROM member_periods WHERE user_id = ? ORDER BY conversation_id',
    );
  }

  async *entries(query: ArchiveQuery = {}): AsyncIterable<ArchiveEntry> {
    const chains =
      query.chain !== undefined
        ? [query.chain].filter((chain) => query.conversationIds?.includes(chain) ?? true)
        : query.conversationIds !== undefined
          ? [...new Set(query.conversationIds)].sort()
          : null;
    let chain = chains ? chains[0] : this.selectNextChain.get('')?.chain;
    let chainIndex = 0;
    let afterSeq = 0;
    const from = query.from ?? Number.MIN_SAFE_INTEGER;
    const until = query.until ?? Number.MAX_SAFE_INTEGER;
    // Page by page, each page one short read: a cursor held open across the consumer's awaits
    // would keep the shared connection busy, and every write of the server would fail meanwhile.
    while (chain !== undefined) {
      const rows = this.selectPage.all(chain, afterSeq, from, until, ENTRY_PAGE_SIZE);
      for (const row of rows) yield toEntry(row);
      const last = rows.at(-1);
      if (last && rows.length === ENTRY_PAGE_SIZE) {
        afterSeq = last.chain_seq;
        continue;
      }
      afterSeq = 0;
      chainIndex += 1;
      chain = chains ? chains[chainIndex] : this.selectNextChain.get(chain)?.chain;
    }
  }

  async heads(until = Number.MAX_SAFE_INTEGER): Promise<ChainHead[]> {
    return this.selectHeads
      .all(until)
      .map((row) => ({ chain: row.chain, chainSeq: row.chain_seq, hash: row.hash, at: row.at }));
  }

  async latestPurge(chain: string): Promise<ArchiveEntry | null> {
    const row = this.selectLatestPurge.get(chain);
    return row ? toEntry(row) : null;
  }

  async entryAt(chain: string, chainSeq: number): Promise<ArchiveEntry | null> {
    const row = this.selectEntry.get(chain, chainSeq);
    return row ? toEntry(row) : null;
  }

  async first(chain: string): Promise<ArchiveEntry | null> {
    const row = this.selectFirst.get(chain);
    return row ? toEntry(row) : null;
  }

  async purgePrefix(chain: string, throughSeq: number, cutoff: number, at: number): Promise<ArchiveEntry> {
    return this.db
      .transaction(() => {
        const last = this.selectEntry.get(chain, throughSeq);
        if (!last) throw new RangeError(`chain ${chain} has no entry ${throughSeq}`);
        const removed = this.deletePrefix.run(chain, throughSeq).changes;
        return this.log.append({
          at,
          conversationId: chain,
          actor: null,
          messageId: null,
          payload: {
            kind: 'purge',
            purgedThrough: throughSeq,
            hashAtPurgedThrough: last.hash,
            removed,
            cutoff,
          },
        });
      })
      .immediate();
  }

  async unarchivedMessages(limit: number) {
    return this.selectUnarchived
      .all(limit)
      .map((row) => ({ messageId: row.id, conversationId: row.conversation_id, seq: row.seq }));
  }

  async saveManifest(manifest: NewManifest): Promise<ManifestRecord> {
    const result = this.insertManifest.run(
      manifest.createdAt,
      manifest.coversUntil,
      manifest.heads,
      manifest.keyId,
      manifest.signature,
    );
    return { ...manifest, id: Number(result.lastInsertRowid) };
  }

  async manifests(): Promise<ManifestRecord[]> {
    return this.selectManifests.all().map(toManifest);
  }

  async latestOfKinds(
    chain: string,
    kinds: readonly ArchiveKind[],
    beforeChainSeq: number,
  ): Promise<ArchiveEntry | null> {
    const row = this.selectLatestOfKinds.get(chain, beforeChainSeq, JSON.stringify(kinds));
    return row ? toEntry(row) : null;
  }

  async sentEntryOf(messageId: string): Promise<ArchiveEntry | null> {
    const row = this.selectSentEntry.get(messageId);
    return row ? toEntry(row) : null;
  }

  async conversationIdsOfMember(userId: string): Promise<string[]> {
    return this.selectConversationsOfMember.all(userId).map((row) => row.conversation_id);
  }
}

import type { Database, Statement } from 'better-sqlite3';
import { auditContent } from '../../compliance/audit-chain';
import { GENESIS_HASH, sealEntry } from '../../compliance/chain';
import { type AuditRow, auditListLimit, toAuditEntry } from '../audit-rows';
import type { AuditEntry, AuditQuery, AuditRepository, NewAuditEntry } from '../ports/audit';

/** The audit log: one chain, appended in its own immediate transaction (CLI and server may both write). */
export class SqliteAuditRepository implements AuditRepository {
  private readonly selectHead: Statement<[], { seq: number; hash: string }>;
  private readonly insert: Statement<
    [number, number, string, string, string | null, string, string | null, string, string, string]
  >;
  private readonly appendInTransaction: (entry: NewAuditEntry) => AuditEntry;

  constructor(private readonly db: Database) {
    this.selectHead = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor, source, address, action, target, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const append = db.transaction((entry: NewAuditEntry): AuditEntry => {
      const head = this.selectHead.get();
      const seq = (head?.seq ?? 0) + 1;
      // Stored as written: the hash covers the details as JSON parses them back.
      const details = JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>;
      const sealed = sealEntry(head?.hash ?? GENESIS_HASH, auditContent({ ...entry, details }, seq));
      this.insert.run(
        seq,
        entry.at,
        entry.actor,
        entry.source,
        entry.address,
        entry.action,
        entry.target,
        JSON.stringify(details),
        sealed.prevHash,
        sealed.hash,
      );
      return { ...entry, details, seq, prevHash: sealed.prevHash, hash: sealed.hash };
    });
    this.appendInTransaction = (entry) => append.immediate(entry);
  }

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.appendInTransaction(entry);
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = auditListLimit(query);
    const rows = this.db
      .prepare<[number, number, number], AuditRow>(
        'SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq DESC LIMIT ?',
      )
      .all(query.since ?? 0, query.until ?? Number.MAX_SAFE_INTEGER, limit);
    return rows.reverse().map(toAuditEntry);
  }

  async *entries(): AsyncIterable<AuditEntry> {
    for (const row of this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      yield toAuditEntry(row);
    }
  }

  async entryAt(seq: number): Promise<AuditEntry | null> {
    const row = this.db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq = ?').get(seq);
    return row ? toAuditEntry(row) : null;
  }

  async head(): Promise<{ seq: number; hash: string } | null> {
    return this.selectHead.get() ?? null;
  }
}

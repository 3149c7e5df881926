import type pg from 'pg';
import { auditContent } from '../../compliance/audit-chain';
import { GENESIS_HASH, sealEntry } from '../../compliance/chain';
import { type AuditRow, auditListLimit, toAuditEntry } from '../audit-rows';
import type { AuditEntry, AuditQuery, AuditRepository, NewAuditEntry } from '../ports/audit';
import { inTransaction } from './transaction';

const COLUMNS = 'seq, at, actor, source, address, action, target, details, prev_hash, hash';
/** Rows per read of `entries()`. */
const PAGE_SIZE = 500;

/**
 * The audit log: one chain for every node. An append holds a transaction-scoped advisory lock on
 * the chain while it reads the head and inserts after it, so two nodes never write the same seq
 * (a row lock would not do: the first entry has no head row to lock).
 */
export class PostgresAuditRepository implements AuditRepository {
  constructor(private readonly pool: pg.Pool) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    // Stored as written: the hash covers the details as JSON parses them back.
    const details = JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>;
    return inTransaction(this.pool, async (client) => {
      await client.query(
        "SELECT pg_advisory_xact_lock(hashtext('beacon.audit'), hashtext(current_schema()))",
      );
      const head = await this.headOn(client);
      const seq = (head?.seq ?? 0) + 1;
      const sealed = sealEntry(head?.hash ?? GENESIS_HASH, auditContent({ ...entry, details }, seq));
      await client.query(
        `INSERT INTO audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
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
        ],
      );
      return { ...entry, details, seq, prevHash: sealed.prevHash, hash: sealed.hash };
    });
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = auditListLimit(query);
    const result = await this.pool.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_log WHERE at >= $1 AND at < $2 ORDER BY seq DESC LIMIT $3`,
      [query.since ?? 0, query.until ?? Number.MAX_SAFE_INTEGER, limit],
    );
    return result.rows.reverse().map(toAuditEntry);
  }

  /** Page by page (keyset on seq): never the whole log in memory. */
  async *entries(): AsyncIterable<AuditEntry> {
    let after = 0;
    for (;;) {
      const result = await this.pool.query<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, PAGE_SIZE],
      );
      for (const row of result.rows) yield toAuditEntry(row);
      const last = result.rows.at(-1);
      if (!last || result.rows.length < PAGE_SIZE) return;
      after = last.seq;
    }
  }

  async entryAt(seq: number): Promise<AuditEntry | null> {
    const result = await this.pool.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE seq = $1`, [seq]);
    const row = result.rows[0];
    return row ? toAuditEntry(row) : null;
  }

  async head(): Promise<{ seq: number; hash: string } | null> {
    return this.headOn(this.pool);
  }

  private async headOn(queryable: pg.Pool | pg.PoolClient): Promise<{ seq: number; hash: string } | null> {
    const result = await queryable.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    return result.rows[0] ?? null;
  }
}

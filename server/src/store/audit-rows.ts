import { AUDIT_LIST_DEFAULT_LIMIT, AUDIT_LIST_MAX_LIMIT } from '../compliance/audit';
import type { AuditEntry, AuditQuery } from './ports/audit';

/** The audit log's rows as both stores read them (`details` as the JSON text hashed). */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  source: string;
  address: string | null;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** `AuditQuery.limit` as the port defines it: default 100, clamped to 1…1000. */
export function auditListLimit(query: AuditQuery): number {
  return Math.min(Math.max(1, Math.floor(query.limit ?? AUDIT_LIST_DEFAULT_LIMIT)), AUDIT_LIST_MAX_LIMIT);
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    source: row.source === 'http' ? 'http' : 'cli',
    address: row.address,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

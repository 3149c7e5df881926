/** The audit log of administrative actions (docs/compliance.md, "Audit log"): append-only, one hash chain. */

/** Who did it and from where. */
export interface AuditActor {
  /** The admin's e-mail (HTTP, console), or `cli:<os user>@<host>` for the admin CLI. */
  actor: string;
  source: 'cli' | 'http';
  /** The client's IP address (HTTP); null for the CLI. */
  address: string | null;
}

export interface NewAuditEntry extends AuditActor {
  at: number;
  /** Dotted verb, e.g. `user.add`, `user.disable`, `integration.revoke`, `retention.set`, `compliance.export`. */
  action: string;
  /** What it acted on (an e-mail, an integration name, a conversation id), or null. */
  target: string | null;
  /** What exactly: options, counts, results. JSON-serialisable; never a password or a token. */
  details: Record<string, unknown>;
}

export interface AuditEntry extends NewAuditEntry {
  /** Gapless from 1. */
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  /** At or after this instant (ms). */
  since?: number;
  /** Before this instant (ms). */
  until?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface AuditRepository {
  /** Appends in one transaction, chained to the previous entry (compliance/chain.ts, chain `audit`). */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Oldest first within the range; the newest `limit` of it when it holds more. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Every entry in seq order, streamed (verification). */
  entries(): AsyncIterable<AuditEntry>;
  head(): Promise<{ seq: number; hash: string } | null>;
  entryAt(seq: number): Promise<AuditEntry | null>;
}

import Database from 'better-sqlite3';
import type { PlannedChange } from './change-outbox';

interface VersionRow {
  message_id: string;
  version: number;
  kind: string;
  body: string;
}

export interface VersionAuditFigures {
  /** Edits and deletes acknowledged to their sender. */
  acked: number;
  /** `edited` and `deleted` rows in message_versions. */
  stored: number;
  /** Acknowledged changes without their version row. */
  lost: number;
  /** Changes stored more than once. */
  duplicated: number;
  /** Change rows nobody planned. */
  unexpected: number;
  /** Messages whose versions are not exactly 1..n. */
  messagesWithGaps: number;
  problems: string[];
}

/** Every acknowledged edit and delete must be a version row, once, read straight from the file. */
export function auditVersions(databaseFile: string, acked: readonly PlannedChange[]): VersionAuditFigures {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  let rows: VersionRow[];
  try {
    rows = db
      .prepare('SELECT message_id, version, kind, body FROM message_versions ORDER BY message_id, version')
      .all() as VersionRow[];
  } finally {
    db.close();
  }
  const problems: string[] = [];
  const note = (problem: string) => {
    if (problems.length < 20) problems.push(problem);
  };
  const keyOf = (change: { message_id?: string; messageId?: string; kind: string; body: string }) =>
    `${change.messageId ?? change.message_id} ${change.kind} ${change.body}`;

  const storedCount = new Map<string, number>();
  const versionsOf = new Map<string, number[]>();
  for (const row of rows) {
    versionsOf.set(row.message_id, [...(versionsOf.get(row.message_id) ?? []), row.version]);
    if (row.kind === 'sent') continue;
    storedCount.set(keyOf(row), (storedCount.get(keyOf(row)) ?? 0) + 1);
  }
  const ackedKeys = new Set(acked.map(keyOf));
  let lost = 0;
  for (const change of acked) {
    if (!storedCount.has(keyOf(change))) {
      lost++;
      note(`lost version: ${keyOf(change)}`);
    }
  }
  let duplicated = 0;
  let unexpected = 0;
  for (const [key, count] of storedCount) {
    if (count > 1) {
      duplicated++;
      note(`stored ${count} times: ${key}`);
    }
    if (!ackedKeys.has(key)) {
      unexpected++;
      note(`unexpected version: ${key}`);
    }
  }
  let messagesWithGaps = 0;
  for (const [messageId, versions] of versionsOf) {
    if (versions.some((version, index) => version !== index + 1)) {
      messagesWithGaps++;
      note(`versions of ${messageId}: ${versions.join(', ')}`);
    }
  }
  return {
    acked: acked.length,
    stored: rows.filter((row) => row.kind !== 'sent').length,
    lost,
    duplicated,
    unexpected,
    messagesWithGaps,
    problems,
  };
}

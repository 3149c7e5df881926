import type { AuditRepository } from '../store/ports/audit';
import { SqliteAuditRepository } from '../store/sqlite/audit';
import { openDatabase } from '../store/sqlite/database';
import { migrate } from '../store/sqlite/migrate';
import { MIGRATIONS } from '../store/sqlite/migrations';
import { SqliteWebhookRepository } from './repository';

/**
 * Opens a connection of its own to the store's file, schema up to date, with the webhook tables
 * (and the audit log, which the admin commands write to).
 */
export function openWebhookRepository(databaseFile: string): {
  repository: SqliteWebhookRepository;
  audit: AuditRepository;
  close(): void;
} {
  const db = openDatabase(databaseFile);
  try {
    migrate(db, MIGRATIONS);
    return {
      repository: new SqliteWebhookRepository(db),
      audit: new SqliteAuditRepository(db),
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

import { openDatabase } from '../store/sqlite/database';
import { migrate } from '../store/sqlite/migrate';
import { MIGRATIONS } from '../store/sqlite/migrations';
import { SqliteWebhookRepository } from './repository';

/** Opens a connection of its own to the store's file, schema up to date, with the webhook tables. */
export function openWebhookRepository(databaseFile: string): {
  repository: SqliteWebhookRepository;
  close(): void;
} {
  const db = openDatabase(databaseFile);
  try {
    migrate(db, MIGRATIONS);
    return { repository: new SqliteWebhookRepository(db), close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

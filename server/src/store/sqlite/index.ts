import type { Store } from '../types';
import { SqliteArchiveRepository } from './archive';
import { SqliteAuditRepository } from './audit';
import { SqliteContactRepository } from './contacts';
import { SqliteConversationRepository } from './conversations';
import { isInMemory, openDatabase } from './database';
import { SqliteFileRepository } from './files';
import { SqliteIntegrationRepository } from './integrations';
import { SqliteMessageRepository } from './messages';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { SqlitePresenceRepository } from './presence';
import { SqliteRetentionRepository } from './retention';
import { SqliteSearchRepository } from './search';
import { SqliteSessionRepository } from './sessions';
import { SqliteSettingsRepository } from './settings';
import { SqliteUserRepository } from './users';

export interface SqliteStoreOptions {
  /** Clock for times the store stamps itself (user creation, disabling). */
  now?: () => number;
}

/**
 * Opens (creating if needed) the embedded SQLite store at `file`, or an in-memory one
 * for `':memory:'`, and brings its schema up to date.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const db = openDatabase(file);
  try {
    migrate(db, MIGRATIONS);
    let closed = false;
    const messages = new SqliteMessageRepository(db);
    return {
      users: new SqliteUserRepository(db, now),
      sessions: new SqliteSessionRepository(db),
      contacts: new SqliteContactRepository(db),
      conversations: new SqliteConversationRepository(db, messages),
      messages,
      settings: new SqliteSettingsRepository(db),
      presence: new SqlitePresenceRepository(db),
      integrations: new SqliteIntegrationRepository(db),
      files: new SqliteFileRepository(db),
      search: new SqliteSearchRepository(db),
      archive: new SqliteArchiveRepository(db),
      audit: new SqliteAuditRepository(db),
      retention: new SqliteRetentionRepository(db),
      async ping() {
        db.prepare('SELECT 1').get();
      },
      async close() {
        if (closed) return;
        closed = true;
        messages.flush();
        if (!isInMemory(file)) db.pragma('optimize');
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

export { SchemaTooNewError } from './migrate';

import type { Store } from '../types';
import { SqliteArchiveRepository } from './archive';
import { SqliteAuditRepository } from './audit';
import { BackgroundCheckpointer } from './checkpointer';
import { SqliteContactRepository } from './contacts';
import { SqliteConversationRepository } from './conversations';
import { isInMemory, openDatabase } from './database';
import { SqliteFileRepository } from './files';
import { SqliteIntegrationRepository } from './integrations';
import { MemberCache } from './member-cache';
import { SqliteMessageRepository } from './messages';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { SqlitePresenceRepository } from './presence';
import { SqliteRetentionRepository } from './retention';
import { SqliteSearchRepository } from './search';
import { SqliteSessionRepository } from './sessions';
import { SqliteSettingsRepository } from './settings';
import { SqliteUserRepository } from './users';
import { walSyncFor } from './wal-sync';

export interface SqliteStoreOptions {
  /** Clock for times the store stamps itself (user creation, disabling). */
  now?: () => number;
  /**
   * WAL checkpoints in a worker thread instead of inside commits (checkpointer.ts): for the
   * server, whose event loop must not stall; short-lived tools keep SQLite's own. File stores only.
   */
  backgroundCheckpoints?: boolean;
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
    const members = new MemberCache(db);
    const messages = new SqliteMessageRepository(db, members, walSyncFor(db, file));
    const checkpointer =
      options.backgroundCheckpoints && !isInMemory(file) ? BackgroundCheckpointer.start(db, file) : null;
    return {
      users: new SqliteUserRepository(db, now),
      sessions: new SqliteSessionRepository(db),
      contacts: new SqliteContactRepository(db),
      conversations: new SqliteConversationRepository(db, messages, members),
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
        await messages.close();
        await checkpointer?.stop();
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

import type { Store } from '../types';
import { PostgresArchiveRepository } from './archive';
import { PostgresAuditRepository } from './audit';
import { PostgresContactRepository } from './contacts';
import { PostgresConversationRepository } from './conversations';
import { PostgresFileRepository } from './files';
import { PostgresIntegrationRepository } from './integrations';
import { PostgresMessageRepository } from './messages';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { createPool, type PostgresConnectionOptions } from './pool';
import { PostgresPresenceRepository } from './presence';
import { PostgresRetentionRepository } from './retention';
import { PostgresSearchRepository } from './search';
import { PostgresSessionRepository } from './sessions';
import { PostgresSettingsRepository } from './settings';
import { PostgresUserRepository } from './users';

export interface PostgresStoreOptions extends PostgresConnectionOptions {
  /** Clock for times the store stamps itself (user creation, disabling). */
  now?: () => number;
}

/**
 * Connects a pool to the database at `url` and brings the schema up to date (several nodes may
 * do so at once). Rejects, with the pool closed, when the database is unreachable or its schema
 * is newer than this Beacon.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const now = options.now ?? Date.now;
  const pool = createPool(options);
  try {
    await migrate(pool, MIGRATIONS, options.schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  const messages = new PostgresMessageRepository(pool);
  return {
    users: new PostgresUserRepository(pool, now),
    sessions: new PostgresSessionRepository(pool),
    contacts: new PostgresContactRepository(pool),
    conversations: new PostgresConversationRepository(pool, (client, message) =>
      messages.appendWithin(client, message),
    ),
    messages,
    settings: new PostgresSettingsRepository(pool),
    presence: new PostgresPresenceRepository(pool),
    integrations: new PostgresIntegrationRepository(pool),
    archive: new PostgresArchiveRepository(pool),
    audit: new PostgresAuditRepository(pool),
    files: new PostgresFileRepository(pool),
    search: new PostgresSearchRepository(pool),
    retention: new PostgresRetentionRepository(pool),
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await messages.drain();
      await pool.end();
    },
  };
}

export { SchemaTooNewError } from './migrate';
export type { PostgresConnectionOptions } from './pool';

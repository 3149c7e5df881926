import { databaseFile } from '../config/data-dir';
import type { ServerConfig } from '../config/server-config';
import type { AuditRepository } from '../store/ports/audit';
import { SqliteAuditRepository } from '../store/sqlite/audit';
import { openDatabase } from '../store/sqlite/database';
import { migrate } from '../store/sqlite/migrate';
import { MIGRATIONS } from '../store/sqlite/migrations';
import type { WebhookQueue } from './queue';
import { SqliteWebhookRepository } from './repository';
import { SqliteWebhookQueue } from './sqlite-queue';

/** Where the webhooks live: the data dir's SQLite file, or the PostgreSQL schema the nodes share. */
export type WebhookStoreTarget =
  | { store: 'sqlite'; file: string }
  | { store: 'postgres'; url: string; schema: string };

/** The webhooks' store of a server configuration: the same database as the rest of its data. */
export function webhookStoreOf(
  config: Pick<ServerConfig, 'store' | 'dataDir' | 'databaseUrl' | 'databaseSchema'>,
): WebhookStoreTarget {
  if (config.store === 'sqlite') return { store: 'sqlite', file: databaseFile(config.dataDir) };
  if (config.databaseUrl === undefined) throw new Error('databaseUrl: is required with store postgres');
  return { store: 'postgres', url: config.databaseUrl, schema: config.databaseSchema };
}

export interface OpenedWebhookQueue {
  queue: WebhookQueue;
  /** The audit log, which the admin commands write to. */
  audit: AuditRepository;
  close(): Promise<void>;
}

/**
 * Opens a connection of its own (SQLite) or a small pool of its own (PostgreSQL) to the target,
 * schema up to date, with the webhook tables and the audit log.
 */
export async function openWebhookQueue(
  target: WebhookStoreTarget,
  options: { onIdleError?: (error: Error) => void } = {},
): Promise<OpenedWebhookQueue> {
  if (target.store === 'postgres') {
    // Loaded only when chosen: a server on SQLite never loads the PostgreSQL driver.
    const { openPostgresWebhookQueue } = await import('../store/postgres/webhooks-connection');
    return openPostgresWebhookQueue({ url: target.url, schema: target.schema, ...options });
  }
  const { repository, audit, close } = openWebhookRepository(target.file);
  return {
    queue: new SqliteWebhookQueue(repository),
    audit,
    async close() {
      close();
    },
  };
}

/**
 * Opens a connection of its own to the store's file, schema up to date, with the webhook tables
 * (and the audit log, which the admin commands write to). Synchronous, for tools on the SQLite
 * file (the benchmarks); the server and the admin CLI use `openWebhookQueue`.
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

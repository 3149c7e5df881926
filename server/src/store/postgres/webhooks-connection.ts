import type { OpenedWebhookQueue } from '../../webhooks/connection';
import { PostgresAuditRepository } from './audit';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { createPool, type PostgresConnectionOptions } from './pool';
import { PostgresWebhookQueue } from './webhooks';

/** Connections of the webhook queue's own pool: the worker claims, queues and records one batch at a time each. */
const WEBHOOK_POOL_SIZE = 3;

/**
 * A pool of its own on the schema (migrated, as the store's: the admin CLI may come first), with
 * the webhook queue and the audit log on it.
 */
export async function openPostgresWebhookQueue(
  options: Required<Pick<PostgresConnectionOptions, 'url' | 'schema'>> &
    Pick<PostgresConnectionOptions, 'onIdleError'>,
): Promise<OpenedWebhookQueue> {
  const pool = createPool({ poolSize: WEBHOOK_POOL_SIZE, ...options });
  try {
    await migrate(pool, MIGRATIONS, options.schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  return {
    queue: new PostgresWebhookQueue(pool),
    audit: new PostgresAuditRepository(pool),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

import { scrubPassword } from '../config/database-url';
import type { EventBus } from '../events/bus';
import type { Logger } from '../logger';
import { openWebhookQueue, type WebhookStoreTarget } from './connection';
import { DEFAULT_WEBHOOK_OPTIONS, WebhookWorker, type WebhookWorkerOptions } from './worker';

export type { WebhookStoreTarget } from './connection';
export { webhookStoreOf } from './connection';

/**
 * Starts queueing and delivering webhooks for the bus's events, on a connection (SQLite) or a
 * pool (PostgreSQL) of its own; `close` keeps what is queued.
 */
export async function startWebhooks(input: {
  target: WebhookStoreTarget;
  bus: EventBus;
  logger: Logger;
  now: () => number;
  options?: Partial<WebhookWorkerOptions>;
}): Promise<{ close(): Promise<void> }> {
  const { target } = input;
  const { queue, close } = await openWebhookQueue(target, {
    onIdleError: (error) =>
      input.logger.warn(
        { reason: target.store === 'postgres' ? scrubPassword(target.url, error.message) : error.message },
        'an idle PostgreSQL connection of the webhooks failed',
      ),
  });
  const worker = new WebhookWorker(queue, input.bus, input.logger, input.now, {
    ...DEFAULT_WEBHOOK_OPTIONS,
    ...input.options,
  });
  return {
    async close() {
      await worker.close();
      await close();
    },
  };
}

import type { EventBus } from '../events/bus';
import type { Logger } from '../logger';
import { openWebhookRepository } from './connection';
import { DEFAULT_WEBHOOK_OPTIONS, WebhookWorker, type WebhookWorkerOptions } from './worker';

/** Starts queueing and delivering webhooks for the bus's events; `close` keeps what is queued. */
export function startWebhooks(input: {
  databaseFile: string;
  bus: EventBus;
  logger: Logger;
  now: () => number;
  options?: Partial<WebhookWorkerOptions>;
}): { close(): Promise<void> } {
  const { repository, close } = openWebhookRepository(input.databaseFile);
  const worker = new WebhookWorker(repository, input.bus, input.logger, input.now, {
    ...DEFAULT_WEBHOOK_OPTIONS,
    ...input.options,
  });
  return {
    async close() {
      await worker.close();
      close();
    },
  };
}

import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import type { PresenceService } from '../presence/service';
import type { UserRepository } from '../store/types';
import { startWebhooks, type WebhookStoreTarget } from '../webhooks';
import type { WebhookWorkerOptions } from '../webhooks/worker';
import type { EventBus } from './bus';
import { type EventRoutesOptions, eventRoutes } from './routes';
import { publishPresenceChanges } from './sources';
import { DEFAULT_SSE_OPTIONS, SseHub, type SseOptions } from './sse-hub';

export { EventBus } from './bus';
export { withMessageEvents } from './sources';

/** Tuning of the live events and webhooks; tests shorten the heartbeat and the retries. */
export interface EventOptions {
  sse?: Partial<SseOptions>;
  webhooks?: Partial<WebhookWorkerOptions>;
}

/**
 * The live side of the integration API: presence changes onto the bus, the SSE route
 * (`GET /api/v1/events`) and the webhook worker. All of it stops when the app closes, before
 * the store does; queued webhook deliveries stay in the store for the next start.
 */
export async function installEvents(
  app: FastifyInstance,
  input: {
    bus: EventBus;
    presence: PresenceService;
    users: Pick<UserRepository, 'byId'>;
    integrations: EventRoutesOptions['integrations'];
    sessions: EventRoutesOptions['sessions'];
    rateLimiter: EventRoutesOptions['rateLimiter'];
    /** Where the webhooks' queue is: the store's SQLite file or its PostgreSQL schema. */
    webhooks: WebhookStoreTarget;
    logger: Logger;
    now: () => number;
    options?: EventOptions;
  },
): Promise<void> {
  const stopPresence = publishPresenceChanges(input.presence, input.users, input.bus, input.logger);
  const hub = new SseHub(input.bus, input.logger, { ...DEFAULT_SSE_OPTIONS, ...input.options?.sse });
  let webhooks: Awaited<ReturnType<typeof startWebhooks>>;
  try {
    webhooks = await startWebhooks({
      target: input.webhooks,
      bus: input.bus,
      logger: input.logger,
      now: input.now,
      options: input.options?.webhooks,
    });
  } catch (error) {
    stopPresence();
    hub.close();
    throw error;
  }
  await app.register(eventRoutes, {
    integrations: input.integrations,
    sessions: input.sessions,
    rateLimiter: input.rateLimiter,
    hub,
  });
  app.addHook('preClose', async () => {
    stopPresence();
    hub.close();
    await webhooks.close();
  });
}

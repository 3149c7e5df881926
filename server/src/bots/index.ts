import type { FastifyInstance } from 'fastify';
import type { BearerSessions } from '../http/types';
import type { ApiRateLimiter } from '../integrations/api-rate-limit';
import type { Logger } from '../logger';
import type { PresenceService } from '../presence/service';
import type { OrderedFanout } from '../realtime/ordered-fanout';
import { userRoom } from '../realtime/rooms';
import { ConversationService } from '../realtime/services/conversations';
import { MessageService } from '../realtime/services/messages';
import type { BeaconIo, MembershipPolicy } from '../realtime/types';
import type { IntegrationRecord, Store } from '../store/types';
import { botMessageRoutes } from './message-routes';
import { BotPresence } from './presence';
import { BotService } from './service';

export interface BotsDeps {
  store: Store;
  presence: PresenceService;
  /** The gateway's socket.io server: bot messages go live in the members' rooms. */
  io: BeaconIo;
  /** The gateway's ordered fan-out (see realtime/ordered-fanout.ts). */
  fanout: OrderedFanout;
  policy: MembershipPolicy;
  sessions: Pick<BearerSessions, 'resolve'>;
  integrations: { resolve(token: string): Promise<IntegrationRecord | null> };
  rateLimiter: ApiRateLimiter;
  logger: Logger;
  now: () => number;
}

/**
 * Bots on a running server: every enabled bot shows `available` (keep calling
 * `presence.sync` to follow the admin CLI), and `POST /api/v1/messages` is served. Call before the server listens (Fastify takes routes until it is ready).
 */
export async function installBots(app: FastifyInstance, deps: BotsDeps): Promise<{ presence: BotPresence }> {
  const botPresence = new BotPresence(deps.presence);
  const available = await botPresence.sync(deps.store.users);
  deps.logger.debug({ bots: available }, 'bots available');
  await app.register(botMessageRoutes, {
    integrations: deps.integrations,
    sessions: deps.sessions,
    bots: new BotService(deps.store, { domain: deps.policy.orgDomain, now: deps.now }),
    users: deps.store.users,
    conversations: new ConversationService(deps.store, deps.policy, deps.now),
    messages: new MessageService(deps.store, deps.now),
    fanout: deps.fanout,
    delivery: {
      message: (memberIds, message) => deps.io.to(memberIds.map(userRoom)).emit('message', { message }),
      conversation: (memberId, conversation) =>
        deps.io.to(userRoom(memberId)).emit('conversation', { conversation }),
    },
    botPresence,
    rateLimiter: deps.rateLimiter,
    now: deps.now,
  });
  return { presence: botPresence };
}

import {
  BOT_MESSAGES_PATH,
  type BotMessageResponse,
  botMessageRequestSchema,
  type Conversation,
  type ErrorCode,
  type Message,
  ProtocolError,
  parsePayload,
} from '@beacon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeEmail } from '../accounts/accounts';
import { toUser } from '../accounts/public-user';
import { bearerToken } from '../http/bearer';
import { sendError } from '../http/errors';
import type { BearerSessions } from '../http/types';
import type { ApiRateLimiter } from '../integrations/api-rate-limit';
import type { OrderedFanout } from '../realtime/ordered-fanout';
import type { ConversationService } from '../realtime/services/conversations';
import type { MessageService, SentMessage } from '../realtime/services/messages';
import type { IntegrationRecord, UserRecord, UserRepository } from '../store/types';
import type { BotPresence } from './presence';

/** Where new messages and conversations go live: the socket rooms of their members. */
export interface BotDelivery {
  message(memberIds: readonly string[], message: Message): void;
  conversation(memberId: string, conversation: Conversation): void;
}

export interface BotMessageRouteOptions {
  integrations: { resolve(token: string): Promise<IntegrationRecord | null> };
  sessions: Pick<BearerSessions, 'resolve'>;
  bots: { botActingFor(integration: IntegrationRecord): Promise<UserRecord | null> };
  users: Pick<UserRepository, 'byEmail'>;
  conversations: Pick<ConversationService, 'open' | 'viewsFor'>;
  /** The gateway's: a bot's messages keep their order with people's in the same conversation. */
  fanout: OrderedFanout;
  messages: Pick<MessageService, 'send'>;
  delivery: BotDelivery;
  botPresence: Pick<BotPresence, 'keepAvailable'>;
  rateLimiter: ApiRateLimiter;
  now: () => number;
}

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  policy: 403,
  not_found: 404,
  too_large: 413,
  rate_limited: 429,
};

/**
 * `POST /api/v1/messages` (docs/integrations.md, "Bots"): a `messages:write` token acting as
 * a bot sends through the same MessageService as `message:send`, so the seq, the clientId
 * idempotency, the live `message` event and the catch-up are the ones of a person's message.
 * It takes from the token's bucket shared by every /api/v1 route.
 */
export async function botMessageRoutes(app: FastifyInstance, options: BotMessageRouteOptions): Promise<void> {
  /** The bot the request acts as, or null once an error was sent. */
  const authorizeBot = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ bot: UserRecord; integrationId: string } | null> => {
    const token = bearerToken(request);
    if (!token) {
      sendError(reply, 401, 'unauthorized', 'authorization: a Bearer token is required');
      return null;
    }
    const integration = await options.integrations.resolve(token);
    if (!integration) {
      // A user's session token is valid, but only for presence:read.
      const user = await options.sessions.resolve(token);
      if (user) sendError(reply, 403, 'forbidden', 'scope: this token does not have messages:write');
      else sendError(reply, 401, 'unauthorized', 'authorization: unknown, revoked or expired token');
      return null;
    }
    if (!options.rateLimiter.admit(token, reply)) return null;
    if (!integration.scopes.includes('messages:write')) {
      sendError(reply, 403, 'forbidden', 'scope: this token does not have messages:write');
      return null;
    }
    const bot = await options.bots.botActingFor(integration);
    if (!bot) {
      sendError(
        reply,
        403,
        'forbidden',
        'authorization: this token does not act as a bot (see "admin bot add")',
      );
      return null;
    }
    return { bot, integrationId: integration.id };
  };

  /** The conversation to send to: a person's direct conversation (opened if needed) or one the bot is in. */
  const conversationFor = async (bot: UserRecord, to: string): Promise<string> => {
    if (!to.includes('@')) return to;
    let email: string;
    try {
      email = normalizeEmail(to);
    } catch {
      throw new ProtocolError('invalid', `to: "${to}" is neither an e-mail address nor a conversation id`);
    }
    const person = await options.users.byEmail(email);
    if (!person || person.disabled) throw new ProtocolError('not_found', `to: no user ${email}`);
    if (person.id === bot.id) throw new ProtocolError('invalid', 'to: a bot cannot message itself');
    const opened = await options.conversations.open(toUser(bot), { memberIds: [person.id], kind: 'direct' });
    if (opened.created) {
      for (const [memberId, conversation] of opened.views)
        options.delivery.conversation(memberId, conversation);
    }
    return opened.record.id;
  };

  /**
   * As `message:send` does: a direct conversation shows in the person's list from its first
   * message, so they get `conversation` just before that `message`.
   */
  const deliver = (bot: UserRecord, sent: SentMessage): Promise<void> =>
    options.fanout.run(sent.message.conversationId, async () => {
      if (sent.message.seq === 1) {
        const others = sent.memberIds.filter((id) => id !== bot.id);
        for (const [memberId, conversation] of await options.conversations.viewsFor(
          sent.message.conversationId,
          others,
        )) {
          options.delivery.conversation(memberId, conversation);
        }
      }
      options.delivery.message(sent.memberIds, sent.message);
    });

  app.post(BOT_MESSAGES_PATH, async (request, reply) => {
    const authorized = await authorizeBot(request, reply);
    if (!authorized) return reply;
    const { bot, integrationId } = authorized;
    const parsed = parsePayload(botMessageRequestSchema, request.body);
    if (!parsed.ok) {
      return sendError(reply, STATUS_OF[parsed.error.code] ?? 400, parsed.error.code, parsed.error.message);
    }
    const { to, clientId, body } = parsed.data;
    await options.botPresence.keepAvailable(bot.id);
    try {
      const conversationId = await conversationFor(bot, to);
      const sent = await options.messages.send(bot.id, { conversationId, clientId, body }, { integrationId });
      if (sent.created) await deliver(bot, sent);
      request.log.info(
        {
          bot: bot.email,
          action: 'message.send',
          conversationId,
          messageId: sent.message.id,
          created: sent.created,
        },
        'integration write',
      );
      const response: BotMessageResponse = { message: sent.message };
      return reply.code(sent.created ? 201 : 200).send(response);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      return sendError(reply, STATUS_OF[error.code] ?? 400, error.code, error.message);
    }
  });
}

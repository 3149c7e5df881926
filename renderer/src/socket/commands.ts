import {
  type ClientEventName,
  type ContactChangePayload,
  type Conversation,
  type ConversationOpenPayload,
  conversationSchema,
  type DeviceActivityPayload,
  type DirectorySearchPayload,
  errorBodySchema,
  type Message,
  type MessageHistoryPayload,
  type MessageReadPayload,
  type MessageSendPayload,
  messageSchema,
  type Presence,
  type PresenceOutOfOfficePayload,
  type PresenceSetPayload,
  type PresenceSubscribePayload,
  type PresenceWatchPayload,
  presenceSchema,
  type UserWithPresence,
  userWithPresenceSchema,
} from '@beacon/protocol';
import { z } from 'zod';
import { CommandError } from './errors';
import type { TransportSocket } from './transport';

/** Each acknowledged command: its payload (`undefined` for none) and the fields of its `ok` answer. */
export interface Commands {
  'presence:set': { payload: PresenceSetPayload; result: { presence: Presence } };
  'presence:subscribe': { payload: PresenceSubscribePayload; result: { presences: Presence[] } };
  'directory:search': { payload: DirectorySearchPayload; result: { users: UserWithPresence[] } };
  'contacts:list': { payload: undefined; result: { users: UserWithPresence[] } };
  'contacts:add': { payload: ContactChangePayload; result: Record<never, never> };
  'contacts:remove': { payload: ContactChangePayload; result: Record<never, never> };
  'conversation:open': { payload: ConversationOpenPayload; result: { conversation: Conversation } };
  'conversation:list': { payload: undefined; result: { conversations: Conversation[] } };
  'message:send': { payload: MessageSendPayload; result: { message: Message } };
  'message:history': { payload: MessageHistoryPayload; result: { messages: Message[]; more: boolean } };
  'message:read': { payload: MessageReadPayload; result: Record<never, never> };
  // v2 (a v1 server answers these with an error; callers fall back or say so):
  'device:activity': { payload: DeviceActivityPayload; result: { presence: Presence } };
  'presence:out-of-office': { payload: PresenceOutOfOfficePayload; result: { presence: Presence } };
  'presence:watch': { payload: PresenceWatchPayload; result: Record<never, never> };
  'presence:unwatch': { payload: PresenceWatchPayload; result: Record<never, never> };
}

export type CommandName = keyof Commands & ClientEventName;

const empty = z.object({});

/** Validates what the server answers, so a malformed answer becomes an error instead of a broken screen. */
const resultSchemas: { [K in CommandName]: z.ZodType<Commands[K]['result']> } = {
  'presence:set': z.object({ presence: presenceSchema }),
  'presence:subscribe': z.object({ presences: z.array(presenceSchema) }),
  'directory:search': z.object({ users: z.array(userWithPresenceSchema) }),
  'contacts:list': z.object({ users: z.array(userWithPresenceSchema) }),
  'contacts:add': empty,
  'contacts:remove': empty,
  'conversation:open': z.object({ conversation: conversationSchema }),
  'conversation:list': z.object({ conversations: z.array(conversationSchema) }),
  'message:send': z.object({ message: messageSchema }),
  'message:history': z.object({ messages: z.array(messageSchema), more: z.boolean() }),
  'message:read': empty,
  'device:activity': z.object({ presence: presenceSchema }),
  'presence:out-of-office': z.object({ presence: presenceSchema }),
  'presence:watch': empty,
  'presence:unwatch': empty,
};

const ackSchema = z.union([
  z.object({ ok: z.literal(true) }).loose(),
  z.object({ ok: z.literal(false), error: errorBodySchema }),
]);

export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/**
 * Emits a command and resolves with its acknowledged result. Rejects with a CommandError: the
 * server's error code, `disconnected` when not connected (nothing is emitted, so socket.io's own
 * buffer never replays it later), or `timeout` when no acknowledgement arrives in time.
 */
export function request<K extends CommandName>(
  socket: TransportSocket,
  command: K,
  payload: Commands[K]['payload'],
  timeoutMs: number = DEFAULT_COMMAND_TIMEOUT_MS,
): Promise<Commands[K]['result']> {
  if (!socket.connected) {
    return Promise.reject(new CommandError('disconnected', 'Not connected to the server.'));
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new CommandError('timeout', `No answer to ${command} within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    const onAck = (response: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ack = ackSchema.safeParse(response);
      if (!ack.success) {
        reject(new CommandError('internal', `The server sent an unexpected answer to ${command}.`));
        return;
      }
      if (!ack.data.ok) {
        reject(new CommandError(ack.data.error.code, ack.data.error.message));
        return;
      }
      const result = resultSchemas[command].safeParse(ack.data);
      if (!result.success) {
        reject(new CommandError('internal', `The server sent an unexpected answer to ${command}.`));
        return;
      }
      resolve(result.data);
    };
    if (payload === undefined) socket.emit(command, onAck);
    else socket.emit(command, payload, onAck);
  });
}

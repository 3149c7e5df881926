import { z } from 'zod';
import { conversationSchema, messageSchema, type Presence, presenceSchema, userSchema } from './entities';
import { ackErrorSchema } from './errors';
import { messageSearchResultSchema } from './search';

// ---------------------------------------------------------------------------
// The `{ ok: true, … }` result of each client event, without `ok` (docs/PROTOCOL.md).
// ---------------------------------------------------------------------------

/** `{ ok: true }` and nothing else: contacts:add/remove, message:read, typing, presence:watch/unwatch. */
export const emptyResultSchema = z.object({});
export const conversationResultSchema = z.object({ conversation: conversationSchema });
export const conversationsResultSchema = z.object({ conversations: z.array(conversationSchema) });
export const messageResultSchema = z.object({ message: messageSchema });
export const messageHistoryResultSchema = z.object({ messages: z.array(messageSchema), more: z.boolean() });

/** The presence schemas a contract is built around: anyone's view, and the user's own view. */
export interface PresenceSchemas<P extends z.ZodType<Presence>, O extends z.ZodType<Presence>> {
  presence: P;
  ownPresence: O;
}

/**
 * The result schema of every client event, built around the given presence schemas, so a
 * checker can tighten them (a v2 server: `presenceV2Schema`, `ownPresenceV2Schema`).
 */
export function ackResultSchemasWith<P extends z.ZodType<Presence>, O extends z.ZodType<Presence>>({
  presence,
  ownPresence,
}: PresenceSchemas<P, O>) {
  /** presence:set, device:activity, presence:out-of-office answer the caller's own view. */
  const own = z.object({ presence: ownPresence });
  /** directory:search and contacts:list. */
  const users = z.object({ users: z.array(userSchema.extend({ presence })) });
  return {
    'presence:set': own,
    'presence:subscribe': z.object({ presences: z.array(presence) }),
    'directory:search': users,
    'contacts:list': users,
    'contacts:add': emptyResultSchema,
    'contacts:remove': emptyResultSchema,
    'conversation:open': conversationResultSchema,
    'conversation:list': conversationsResultSchema,
    'message:send': messageResultSchema,
    'message:history': messageHistoryResultSchema,
    'message:read': emptyResultSchema,
    typing: emptyResultSchema,
    'device:activity': own,
    'presence:out-of-office': own,
    'presence:watch': emptyResultSchema,
    'presence:unwatch': emptyResultSchema,
    'message:edit': messageResultSchema,
    'message:delete': messageResultSchema,
    'reaction:add': emptyResultSchema,
    'reaction:remove': emptyResultSchema,
    'conversation:update': conversationResultSchema,
    'conversation:leave': conversationResultSchema,
    'conversation:hide': emptyResultSchema,
    'message:search': messageSearchResultSchema,
    'message:unread': emptyResultSchema,
  } as const;
}

/** The result schema (without `ok`) of each client event's successful acknowledgement. */
export const clientAckResultSchemas = ackResultSchemasWith({
  presence: presenceSchema,
  ownPresence: presenceSchema,
});
export const presenceResultSchema = clientAckResultSchemas['presence:set'];
export const presencesResultSchema = clientAckResultSchemas['presence:subscribe'];
export const usersResultSchema = clientAckResultSchemas['directory:search'];

/**
 * The result of a schema as the acknowledgement carries it. An empty `z.object({})` infers as
 * an index signature of `never`, which would make `{ ok: true } & …` impossible; it is `{}` here.
 */
export type AckResultOf<S extends z.ZodObject> = keyof S['shape'] extends never
  ? Record<never, never>
  : z.infer<S>;

/** The whole acknowledgement of a result schema: `{ ok: true, ...result }` or the error. */
export function ackSchemaOf<S extends z.ZodObject>(resultSchema: S) {
  return z.discriminatedUnion('ok', [resultSchema.extend({ ok: z.literal(true) }), ackErrorSchema]);
}

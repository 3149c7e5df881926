import { z } from 'zod';
import type { AckResultOf, clientAckResultSchemas } from './acks';
import { conversationRefSchema, conversationUpdateSchema } from './conversations-v2';
import { deviceStateSchema, idSchema, presenceStatusSchema, timestampSchema } from './entities';
import type { AckCallback } from './errors';
import { LIMITS } from './limits';
import {
  messageDeleteSchema,
  messageEditSchema,
  messageSendV2Fields,
  reactionChangeSchema,
} from './messages-v2';
import { messageHistorySearchFields, messageSearchSchema } from './search';
import type { ServerEventName, serverEventSchemas } from './server-events';

// ---------------------------------------------------------------------------
// Client → server payloads. Unknown fields are ignored (the contract may grow).
// ---------------------------------------------------------------------------

export const presenceSetSchema = z.object({
  status: presenceStatusSchema,
  /** Omitted: keep the current note. `null` or "": clear it. */
  message: z.string().max(LIMITS.statusMessageMaxChars).nullable().optional(),
  /** v1: when this session went idle; `null` when it is active again. v2 reads it as a device report. */
  idleSince: timestampSchema.nullable().optional(),
  /** v1: true for automatic changes (idle, screen lock, suspend); v2 reads it as a device report. */
  auto: z.boolean().optional(),
  /** v2: the chosen status ends then (back to `available`, note cleared); null or omitted: no end. */
  until: timestampSchema.nullable().optional(),
});
export type PresenceSetPayload = z.infer<typeof presenceSetSchema>;

/** v2: this session's device state; never changes the chosen layer. */
export const deviceActivitySchema = z.object({
  state: deviceStateSchema,
  /** When the state began (e.g. the start of the idle time); omitted: now. */
  since: timestampSchema.optional(),
  /** Once per session is enough: "Windows laptop", "Mac", "Web". */
  label: z.string().trim().min(1).max(LIMITS.deviceLabelMaxChars).optional(),
  /**
   * Extension: the OS's own do-not-disturb (Windows Focus Assist, macOS Focus) is on and the user
   * asked Beacon to follow it; `name` says which ("Focus Assist"). The server shows Do not
   * disturb while it lasts, as a claim of this session (docs/protocol-notes.md). null: off.
   */
  osFocus: z
    .object({ name: z.string().trim().min(1).max(LIMITS.deviceLabelMaxChars) })
    .nullable()
    .optional(),
});
export type DeviceActivityPayload = z.infer<typeof deviceActivitySchema>;

/** v2: set the out-of-office layer, or end it with `{ clear: true }`. */
export const presenceOutOfOfficeSchema = z.union([
  z.object({ clear: z.literal(true) }),
  z
    .object({
      from: timestampSchema,
      to: timestampSchema,
      message: z.string().max(LIMITS.activityMaxChars).nullable().optional(),
    })
    .refine((value) => value.to > value.from, { message: '`to` must be after `from`', path: ['to'] }),
]);
export type PresenceOutOfOfficePayload = z.infer<typeof presenceOutOfOfficeSchema>;

/** v2: one-shot "tell me when this user is available" (`presence:watch`) and its cancel. */
export const presenceWatchSchema = z.object({ userId: idSchema });
export type PresenceWatchPayload = z.infer<typeof presenceWatchSchema>;

export const presenceSubscribeSchema = z.object({
  userIds: z.array(idSchema).max(LIMITS.subscribeMaxUserIds),
});
export type PresenceSubscribePayload = z.infer<typeof presenceSubscribeSchema>;

export const directorySearchSchema = z.object({
  query: z.string().max(LIMITS.queryMaxChars),
  limit: z.number().int().positive().optional(),
});
export type DirectorySearchPayload = z.infer<typeof directorySearchSchema>;

export const contactChangeSchema = z.object({ userId: idSchema });
export type ContactChangePayload = z.infer<typeof contactChangeSchema>;

export const conversationOpenSchema = z.object({
  /** The other members (the caller is always added). One other member opens the direct conversation. */
  memberIds: z.array(idSchema).min(1).max(LIMITS.groupMaxMembers),
  title: z.string().trim().max(LIMITS.titleMaxChars).optional(),
  /** Extension: force a group even with one other member. */
  kind: z.enum(['direct', 'group']).optional(),
});
export type ConversationOpenPayload = z.infer<typeof conversationOpenSchema>;

export const messageSendSchema = z.object({
  conversationId: idSchema,
  clientId: z.string().min(1).max(128),
  body: z.string().min(1).max(LIMITS.bodyMaxChars),
  ...messageSendV2Fields,
});
export type MessageSendPayload = z.infer<typeof messageSendSchema>;

export const messageHistorySchema = z.object({
  conversationId: idSchema,
  beforeSeq: z.number().int().nonnegative().optional(),
  afterSeq: z.number().int().nonnegative().optional(),
  /** At most `LIMITS.historyMaxLimit`; larger values are clamped (like XEP-0059 `max`). */
  limit: z.number().int().positive().optional(),
  ...messageHistorySearchFields,
});
export type MessageHistoryPayload = z.infer<typeof messageHistorySchema>;

export const messageReadSchema = z.object({
  conversationId: idSchema,
  seq: z.number().int().nonnegative(),
});
export type MessageReadPayload = z.infer<typeof messageReadSchema>;

/** Extension "mark as unread": moves the caller's read position back to just before `seq`. */
export const messageUnreadSchema = z.object({
  conversationId: idSchema,
  seq: z.number().int().positive(),
});
export type MessageUnreadPayload = z.infer<typeof messageUnreadSchema>;

export const typingSchema = z.object({
  conversationId: idSchema,
  typing: z.boolean(),
});
export type TypingPayload = z.infer<typeof typingSchema>;

// ---------------------------------------------------------------------------
// socket.io typed event maps, derived from the schemas
// ---------------------------------------------------------------------------

/** The runtime schema of each client event's payload (`null` for events without one). */
export const clientPayloadSchemas = {
  'presence:set': presenceSetSchema,
  'presence:subscribe': presenceSubscribeSchema,
  'directory:search': directorySearchSchema,
  'contacts:list': null,
  'contacts:add': contactChangeSchema,
  'contacts:remove': contactChangeSchema,
  'conversation:open': conversationOpenSchema,
  'conversation:list': null,
  'message:send': messageSendSchema,
  'message:history': messageHistorySchema,
  'message:read': messageReadSchema,
  typing: typingSchema,
  'device:activity': deviceActivitySchema,
  'presence:out-of-office': presenceOutOfOfficeSchema,
  'presence:watch': presenceWatchSchema,
  'presence:unwatch': presenceWatchSchema,
  'message:edit': messageEditSchema,
  'message:delete': messageDeleteSchema,
  'reaction:add': reactionChangeSchema,
  'reaction:remove': reactionChangeSchema,
  'conversation:update': conversationUpdateSchema,
  'conversation:leave': conversationRefSchema,
  'conversation:hide': conversationRefSchema,
  'message:search': messageSearchSchema,
  'message:unread': messageUnreadSchema,
} as const satisfies Record<keyof typeof clientAckResultSchemas, z.ZodType | null>;

export type ClientEventName = keyof typeof clientPayloadSchemas;

/** Events whose acknowledgement the client may leave out (the contract: `typing`). */
type OptionalAckEvent = 'typing';

type ResultOfEvent<E extends ClientEventName> = AckResultOf<(typeof clientAckResultSchemas)[E]>;
type PayloadSchemaOf<E extends ClientEventName> = (typeof clientPayloadSchemas)[E];

type ClientListener<E extends ClientEventName> =
  PayloadSchemaOf<E> extends z.ZodType
    ? E extends OptionalAckEvent
      ? (payload: z.infer<PayloadSchemaOf<E>>, ack?: AckCallback<ResultOfEvent<E>>) => void
      : (payload: z.infer<PayloadSchemaOf<E>>, ack: AckCallback<ResultOfEvent<E>>) => void
    : (ack: AckCallback<ResultOfEvent<E>>) => void;

export type ClientToServerEvents = { [E in ClientEventName]: ClientListener<E> };

/** A client event's payload (`undefined` for events without one: contacts:list, conversation:list). */
export type ClientEventPayload<E extends ClientEventName> =
  PayloadSchemaOf<E> extends z.ZodType ? z.infer<PayloadSchemaOf<E>> : undefined;
/** The fields of a client event's `{ ok: true, … }` acknowledgement, without `ok`. */
export type ClientEventResult<E extends ClientEventName> = ResultOfEvent<E>;

/** A server event's payload. */
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>;

export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};

export type {
  ConversationEventPayload,
  MessageEventPayload,
  PresenceAlertPayload,
  ReadEventPayload,
  ReadyPayload,
  SessionEndedPayload,
  TypingEventPayload,
} from './server-events';

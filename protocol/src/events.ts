import { z } from 'zod';
import {
  type Conversation,
  idSchema,
  type Message,
  type Presence,
  presenceStatusSchema,
  timestampSchema,
  type User,
  type UserWithPresence,
} from './entities';
import type { AckCallback } from './errors';
import { LIMITS } from './limits';

// ---------------------------------------------------------------------------
// Client → server payloads. Unknown fields are ignored (the contract may grow).
// ---------------------------------------------------------------------------

export const presenceSetSchema = z.object({
  status: presenceStatusSchema,
  /** Omitted: keep the current note. `null` or "": clear it. */
  message: z.string().max(LIMITS.statusMessageMaxChars).nullable().optional(),
  /** When this session went idle; `null` when it is active again. Omitted: active. */
  idleSince: timestampSchema.nullable().optional(),
  /** True for automatic changes (idle, screen lock, suspend). */
  auto: z.boolean().optional(),
});
export type PresenceSetPayload = z.infer<typeof presenceSetSchema>;

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
});
export type MessageSendPayload = z.infer<typeof messageSendSchema>;

export const messageHistorySchema = z.object({
  conversationId: idSchema,
  beforeSeq: z.number().int().nonnegative().optional(),
  afterSeq: z.number().int().nonnegative().optional(),
  /** At most `LIMITS.historyMaxLimit`; larger values are clamped (like XEP-0059 `max`). */
  limit: z.number().int().positive().optional(),
});
export type MessageHistoryPayload = z.infer<typeof messageHistorySchema>;

export const messageReadSchema = z.object({
  conversationId: idSchema,
  seq: z.number().int().nonnegative(),
});
export type MessageReadPayload = z.infer<typeof messageReadSchema>;

export const typingSchema = z.object({
  conversationId: idSchema,
  typing: z.boolean(),
});
export type TypingPayload = z.infer<typeof typingSchema>;

// ---------------------------------------------------------------------------
// Server → client payloads
// ---------------------------------------------------------------------------

export interface ReadyPayload {
  user: User;
  presence: Presence;
  serverTime: number;
}
export interface MessageEventPayload {
  message: Message;
}
export interface ReadEventPayload {
  conversationId: string;
  userId: string;
  seq: number;
}
export interface TypingEventPayload {
  conversationId: string;
  userId: string;
  typing: boolean;
}
export interface ConversationEventPayload {
  conversation: Conversation;
}
/** Extension: sent just before the server closes a session it ended itself. */
export interface SessionEndedPayload {
  reason: 'revoked' | 'disabled' | 'signed_out';
}

// ---------------------------------------------------------------------------
// socket.io typed event maps
// ---------------------------------------------------------------------------

export interface ClientToServerEvents {
  'presence:set': (payload: PresenceSetPayload, ack: AckCallback<{ presence: Presence }>) => void;
  'presence:subscribe': (
    payload: PresenceSubscribePayload,
    ack: AckCallback<{ presences: Presence[] }>,
  ) => void;
  'directory:search': (
    payload: DirectorySearchPayload,
    ack: AckCallback<{ users: UserWithPresence[] }>,
  ) => void;
  'contacts:list': (ack: AckCallback<{ users: UserWithPresence[] }>) => void;
  'contacts:add': (payload: ContactChangePayload, ack: AckCallback) => void;
  'contacts:remove': (payload: ContactChangePayload, ack: AckCallback) => void;
  'conversation:open': (
    payload: ConversationOpenPayload,
    ack: AckCallback<{ conversation: Conversation }>,
  ) => void;
  'conversation:list': (ack: AckCallback<{ conversations: Conversation[] }>) => void;
  'message:send': (payload: MessageSendPayload, ack: AckCallback<{ message: Message }>) => void;
  'message:history': (
    payload: MessageHistoryPayload,
    ack: AckCallback<{ messages: Message[]; more: boolean }>,
  ) => void;
  'message:read': (payload: MessageReadPayload, ack: AckCallback) => void;
  typing: (payload: TypingPayload, ack?: AckCallback) => void;
}

export interface ServerToClientEvents {
  ready: (payload: ReadyPayload) => void;
  presence: (payload: Presence) => void;
  message: (payload: MessageEventPayload) => void;
  read: (payload: ReadEventPayload) => void;
  typing: (payload: TypingEventPayload) => void;
  conversation: (payload: ConversationEventPayload) => void;
  'session:ended': (payload: SessionEndedPayload) => void;
}

export type ClientEventName = keyof ClientToServerEvents;

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
} as const satisfies Record<ClientEventName, z.ZodType | null>;

import { z } from 'zod';
import type { PresenceSchemas } from './acks';
import {
  conversationSchema,
  idSchema,
  messageSchema,
  type Presence,
  presenceSchema,
  timestampSchema,
  userSchema,
} from './entities';
import { fileScannedEventSchema } from './files';
import { messageUpdatedEventSchema } from './messages-v2';

// ---------------------------------------------------------------------------
// Server → client payloads. Parsing strips fields the contract does not name, so a
// client built on these schemas keeps working when the server adds an extension.
// ---------------------------------------------------------------------------

export const messageEventSchema = z.object({ message: messageSchema });
export type MessageEventPayload = z.infer<typeof messageEventSchema>;

export const readEventSchema = z.object({
  conversationId: idSchema,
  userId: idSchema,
  seq: z.number().int().nonnegative(),
});
export type ReadEventPayload = z.infer<typeof readEventSchema>;

export const typingEventSchema = z.object({
  conversationId: idSchema,
  userId: idSchema,
  typing: z.boolean(),
});
export type TypingEventPayload = z.infer<typeof typingEventSchema>;

export const conversationEventSchema = z.object({ conversation: conversationSchema });
export type ConversationEventPayload = z.infer<typeof conversationEventSchema>;

export const SESSION_END_REASONS = ['revoked', 'disabled', 'signed_out'] as const;
/** Extension: sent just before the server closes a session it ended itself. */
export const sessionEndedSchema = z.object({ reason: z.enum(SESSION_END_REASONS) });
export type SessionEndedPayload = z.infer<typeof sessionEndedSchema>;

/**
 * Extension (P12): what the organisation wants every user told, in `ready`. `recording`: the
 * compliance notice ("Messages in this organisation are recorded."), shown as given; null: none.
 */
export const readyNoticesSchema = z.object({ recording: z.string().nullable() });
export type ReadyNotices = z.infer<typeof readyNoticesSchema>;

/** The version a v2 server reports in `ready.protocol`. */
export const PROTOCOL_VERSION = 2;

/**
 * Every server event's payload schema, built around the given presence schemas, so a checker
 * can tighten them (a v2 server: `presenceV2Schema`, `ownPresenceV2Schema`).
 */
export function serverEventSchemasWith<P extends z.ZodType<Presence>, O extends z.ZodType<Presence>>({
  presence,
  ownPresence,
}: PresenceSchemas<P, O>) {
  return {
    ready: z.object({
      user: userSchema,
      /** The user's own view (v2: with `chosen` and `devices`). */
      presence: ownPresence,
      serverTime: timestampSchema,
      /** v2: `2`. Absent from a v1 server. */
      protocol: z.number().int().positive().optional(),
      /** Extension (P12). Absent from older servers: no notices. */
      notices: readyNoticesSchema.optional(),
    }),
    presence,
    message: messageEventSchema,
    read: readEventSchema,
    typing: typingEventSchema,
    conversation: conversationEventSchema,
    'session:ended': sessionEndedSchema,
    /** v2: a `presence:watch` fired: the user is available now (the watch has ended). */
    'presence:alert': z.object({ userId: idSchema, presence }),
    /** Extension (files): a file's virus scan finished; to the uploader's sessions only. */
    'file:scanned': fileScannedEventSchema,
    /** v2: a message was edited, deleted or its reactions changed; to every member's sessions. */
    'message:updated': messageUpdatedEventSchema,
  } as const;
}

/** The payload schema of each server → client event. */
export const serverEventSchemas = serverEventSchemasWith({
  presence: presenceSchema,
  ownPresence: presenceSchema,
});
export type ServerEventName = keyof typeof serverEventSchemas;

export const readyPayloadSchema = serverEventSchemas.ready;
export type ReadyPayload = z.infer<typeof readyPayloadSchema>;

export const presenceAlertSchema = serverEventSchemas['presence:alert'];
export type PresenceAlertPayload = z.infer<typeof presenceAlertSchema>;

import { z } from 'zod';
import { LIMITS } from './limits';

export const PRESENCE_STATUSES = ['available', 'away', 'busy', 'dnd', 'offline'] as const;
export const presenceStatusSchema = z.enum(PRESENCE_STATUSES);
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

/** Server-clock milliseconds since the Unix epoch. */
export const timestampSchema = z.number().int().nonnegative();
export const idSchema = z.string().min(1).max(128);

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  /** v2: `bot` for bot accounts (shown with a "Bot" badge); omitted or `person` for people. */
  kind: z.enum(['person', 'bot']).optional(),
});
export type User = z.infer<typeof userSchema>;

/** v2: what decides the shown status (docs/PROTOCOL.md, Presence v2). */
export const PRESENCE_SOURCES = [
  'manual',
  'out_of_office',
  'integration',
  'idle',
  'locked',
  'offline',
] as const;
export const presenceSourceSchema = z.enum(PRESENCE_SOURCES);
export type PresenceSource = z.infer<typeof presenceSourceSchema>;

/** v2: a session's device state, as the client reports it (`device:activity`). */
export const DEVICE_STATES = ['active', 'idle', 'locked', 'suspended'] as const;
export const deviceStateSchema = z.enum(DEVICE_STATES);
export type DeviceState = z.infer<typeof deviceStateSchema>;

/** v2, own view only: the user's chosen layer. */
export const chosenPresenceSchema = z.object({
  status: presenceStatusSchema,
  message: z.string().max(LIMITS.statusMessageMaxChars).nullable(),
  /** When the chosen status returns to `available` on its own, or null. */
  until: timestampSchema.nullable(),
});
export type ChosenPresence = z.infer<typeof chosenPresenceSchema>;

/** v2, own view only: one connected session's device. */
export const devicePresenceSchema = z.object({
  sessionId: idSchema,
  /** "Windows laptop", "Mac", "Web"… as the client labelled itself. */
  label: z.string().max(LIMITS.deviceLabelMaxChars),
  state: deviceStateSchema,
  since: timestampSchema,
});
export type DevicePresence = z.infer<typeof devicePresenceSchema>;

/** v2: the out-of-office layer. */
export const outOfOfficeSchema = z.object({
  from: timestampSchema,
  to: timestampSchema,
  message: z.string().max(LIMITS.activityMaxChars).nullable(),
});
export type OutOfOffice = z.infer<typeof outOfOfficeSchema>;

export const presenceSchema = z.object({
  userId: idSchema,
  status: presenceStatusSchema,
  /** The user's own note. */
  message: z.string().max(LIMITS.statusMessageMaxChars).nullable(),
  idleSince: timestampSchema.nullable(),
  updatedAt: timestampSchema,
  // v2 (a v2 server always sends these three; optional so v1 payloads still parse):
  source: presenceSourceSchema.optional(),
  /** The deciding non-manual layer's text ("On a call", the out-of-office message), else null. */
  activity: z.string().max(LIMITS.activityMaxChars).nullable().optional(),
  /** When the shown status ends on its own, or null. */
  until: timestampSchema.nullable().optional(),
  // v2, the user's own view only (ready, acks, own presence events); others never get them:
  chosen: chosenPresenceSchema.optional(),
  devices: z.array(devicePresenceSchema).optional(),
  /** Extension (own view): the out-of-office layer as set, also before it starts; null when none. */
  outOfOffice: outOfOfficeSchema.nullable().optional(),
});
export type Presence = z.infer<typeof presenceSchema>;

/** What a v2 server (`ready.protocol = 2`) always sends: `source`, `activity` and `until` present. */
export const presenceV2Schema = presenceSchema.extend({
  source: presenceSourceSchema,
  activity: z.string().max(LIMITS.activityMaxChars).nullable(),
  until: timestampSchema.nullable(),
});
/** A v2 server's view of the user's own presence (ready, own acks): also `chosen` and `devices`. */
export const ownPresenceV2Schema = presenceV2Schema.extend({
  chosen: chosenPresenceSchema,
  devices: z.array(devicePresenceSchema),
});

/** A user as the directory and contact list return it: with its current effective presence. */
export const userWithPresenceSchema = userSchema.extend({ presence: presenceSchema });
export type UserWithPresence = z.infer<typeof userWithPresenceSchema>;

export const conversationKindSchema = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof conversationKindSchema>;

export const MESSAGE_KINDS = ['user', 'system'] as const;
export const messageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof messageKindSchema>;

/** Extension: the replied-to message, so a client can quote it when it is out of the loaded window. */
export const replyQuoteSchema = z.object({
  id: idSchema,
  /** Extension: its seq, so a client can show it with `message:history` `aroundSeq`. */
  seq: z.number().int().positive(),
  senderId: idSchema,
  /** The first `MESSAGE_V2_LIMITS.replyQuoteMaxChars` characters of its current body; "" once deleted. */
  body: z.string(),
  deleted: z.boolean(),
});
export type ReplyQuote = z.infer<typeof replyQuoteSchema>;

/** `pending` until ClamAV has answered; only `clean` files can be downloaded. */
export const FILE_SCAN_STATES = ['pending', 'clean', 'infected'] as const;
export const fileScanSchema = z.enum(FILE_SCAN_STATES);
export type FileScan = z.infer<typeof fileScanSchema>;

export const attachmentSchema = z.object({
  id: idSchema,
  name: z.string(),
  size: z.number().int().nonnegative(),
  mime: z.string(),
  /** Extension: the virus scan's state; only `clean` files can be downloaded. */
  scan: fileScanSchema,
  /** Extension: whether the server made a thumbnail. */
  thumbnail: z.boolean(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const SYSTEM_ACTIONS = ['created', 'renamed', 'added', 'removed', 'left'] as const;
/** Extension: what a `kind: "system"` message announces (its `body` is an English fallback). */
export const systemEventSchema = z.object({
  action: z.enum(SYSTEM_ACTIONS),
  actorId: idSchema,
  userIds: z.array(idSchema),
  title: z.string().nullable(),
});
export type SystemEvent = z.infer<typeof systemEventSchema>;

/** v2: a server always sends every field (null or empty when unused); v1 clients ignore the new ones. */
export const messageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  seq: z.number().int().positive(),
  senderId: idSchema,
  clientId: z.string(),
  /** The current version's body; "" once deleted. */
  body: z.string(),
  sentAt: timestampSchema,
  // v2
  kind: messageKindSchema,
  editedAt: timestampSchema.nullable(),
  deletedAt: timestampSchema.nullable(),
  /** A message of the same conversation; kept when this one is deleted. */
  replyToId: idSchema.nullable(),
  replyTo: replyQuoteSchema.nullable(),
  /** Mentioned members' user ids, never the sender's; [] once deleted. */
  mentions: z.array(idSchema),
  /** Emoji → the ids of the users who reacted with it, in the order they did. */
  reactions: z.record(z.string(), z.array(idSchema)),
  /** [] once deleted. */
  attachments: z.array(attachmentSchema),
  system: systemEventSchema.nullable(),
});
export type Message = z.infer<typeof messageSchema>;

export const conversationSchema = z.object({
  id: idSchema,
  kind: conversationKindSchema,
  /** Group: its title (or its members' names). Direct: the other member's display name, per viewer. */
  title: z.string(),
  memberIds: z.array(idSchema),
  lastSeq: z.number().int().nonnegative(),
  /** The viewing user's read position. */
  readSeq: z.number().int().nonnegative(),
  /** Messages after `readSeq` sent by others. */
  unread: z.number().int().nonnegative(),
  // Extensions (optional, v1-compatible):
  /** The newest message, for list previews. */
  lastMessage: messageSchema.nullable().optional(),
  /**
   * The seqs (ascending) of the viewer's unread messages that mention them, the newest
   * `LIMITS.unreadMentionSeqsMax`: the mention badge without loading the conversation.
   */
  unreadMentionSeqs: z.array(z.number().int().positive()).max(LIMITS.unreadMentionSeqsMax).optional(),
  /** Every member's read position, for "Seen" marks. */
  readSeqs: z.record(z.string(), z.number().int().nonnegative()).optional(),
  createdAt: timestampSchema.optional(),
  /** The members' names (same order as `memberIds`), so clients can label senders who are not contacts. */
  members: z.array(userSchema).optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

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
});
export type User = z.infer<typeof userSchema>;

export const presenceSchema = z.object({
  userId: idSchema,
  status: presenceStatusSchema,
  message: z.string().max(LIMITS.statusMessageMaxChars).nullable(),
  idleSince: timestampSchema.nullable(),
  updatedAt: timestampSchema,
});
export type Presence = z.infer<typeof presenceSchema>;

/** A user as the directory and contact list return it: with its current effective presence. */
export const userWithPresenceSchema = userSchema.extend({ presence: presenceSchema });
export type UserWithPresence = z.infer<typeof userWithPresenceSchema>;

export const conversationKindSchema = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof conversationKindSchema>;

export const messageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  seq: z.number().int().positive(),
  senderId: idSchema,
  clientId: z.string(),
  body: z.string(),
  sentAt: timestampSchema,
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
  /** Every member's read position, for "Seen" marks. */
  readSeqs: z.record(z.string(), z.number().int().nonnegative()).optional(),
  createdAt: timestampSchema.optional(),
  /** The members' names (same order as `memberIds`), so clients can label senders who are not contacts. */
  members: z.array(userSchema).optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

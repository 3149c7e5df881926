import {
  conversationSchema,
  idSchema,
  messageSchema,
  presenceSchema,
  timestampSchema,
  userSchema,
} from '@beacon/protocol';
import { z } from 'zod';

/** Runtime schemas of the server→client events: anything else is dropped with a console warning. */
export const serverEventSchemas = {
  ready: z.object({
    user: userSchema,
    presence: presenceSchema,
    serverTime: timestampSchema,
    /** v2: `2`; absent from a v1 server. */
    protocol: z.number().int().positive().optional(),
  }),
  presence: presenceSchema,
  message: z.object({ message: messageSchema }),
  read: z.object({ conversationId: idSchema, userId: idSchema, seq: z.number().int().nonnegative() }),
  typing: z.object({ conversationId: idSchema, userId: idSchema, typing: z.boolean() }),
  conversation: z.object({ conversation: conversationSchema }),
  'session:ended': z.object({ reason: z.string() }),
  /** v2: a `presence:watch` fired. */
  'presence:alert': z.object({ userId: idSchema, presence: presenceSchema }),
} as const;

export type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEvent<K extends ServerEventName> = z.infer<(typeof serverEventSchemas)[K]>;

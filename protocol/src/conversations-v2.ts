import { z } from 'zod';
import { idSchema } from './entities';
import { LIMITS } from './limits';

/** Conversations v2: group management (docs/protocol-notes.md, "Conversations v2"). */

const memberIdsSchema = z.array(idSchema).max(LIMITS.groupMaxMembers);

/**
 * `conversation:update` (groups only): rename and/or add and remove members. `title` is
 * trimmed; "" or null makes the group untitled. Ids already members (add) or not members
 * (remove) change nothing.
 */
export const conversationUpdateSchema = z
  .object({
    conversationId: idSchema,
    title: z.string().trim().max(LIMITS.titleMaxChars).nullable().optional(),
    addMemberIds: memberIdsSchema.optional(),
    removeMemberIds: memberIdsSchema.optional(),
  })
  .refine(
    (value) =>
      value.title !== undefined ||
      (value.addMemberIds?.length ?? 0) > 0 ||
      (value.removeMemberIds?.length ?? 0) > 0,
    { message: 'name a title, addMemberIds or removeMemberIds', path: ['title'] },
  );
export type ConversationUpdatePayload = z.infer<typeof conversationUpdateSchema>;

/** `conversation:leave` and the extension `conversation:hide` (a former member drops it from their list). */
export const conversationRefSchema = z.object({ conversationId: idSchema });
export type ConversationRefPayload = z.infer<typeof conversationRefSchema>;

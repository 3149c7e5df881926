import { z } from 'zod';
import { idSchema, messageSchema } from './entities';
import { LIMITS } from './limits';

/** Numeric limits of Messages v2 (Beacon's choices, docs/protocol-notes.md "Messages v2 (server)"). */
export const MESSAGE_V2_LIMITS = {
  /** Characters (Unicode code points) of the replied-to body a `replyTo` quote carries. */
  replyQuoteMaxChars: 200,
  /** File ids one `message:send` may attach. */
  attachmentsMaxPerMessage: 10,
  /** A reaction's emoji in UTF-16 code units; the longest RGI emoji sequences are far shorter. */
  reactionMaxChars: 32,
} as const;

/** The reactions a client offers first; any other single emoji is accepted too. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉', '✅', '👀'] as const;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
// Recommended-for-general-interchange emoji: skin tones, flags, ZWJ families and keycaps
// are one grapheme each; letters, digits and "©" without its emoji presentation are not.
// biome-ignore lint/complexity/useRegexLiterals: a `v` literal needs an ES2024 target; Node 20 and Chromium run it.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const EMOJI_PRESENTATION = '\uFE0F';

/**
 * The reaction key of `value`: itself when it is exactly one RGI emoji, or with the emoji
 * presentation selector added when that makes it one ("❤" → "❤️", so both count as one
 * reaction). Null when it is not a single emoji.
 */
export function normalizeReactionEmoji(value: string): string | null {
  if (value.length === 0 || value.length > MESSAGE_V2_LIMITS.reactionMaxChars) return null;
  let count = 0;
  for (const _ of graphemes.segment(value)) if (++count > 1) return null;
  if (RGI_EMOJI.test(value)) return value;
  const presented = value + EMOJI_PRESENTATION;
  return RGI_EMOJI.test(presented) ? presented : null;
}

export const reactionEmojiSchema = z.string().transform((value, context) => {
  const emoji = normalizeReactionEmoji(value);
  if (emoji !== null) return emoji;
  context.addIssue({ code: 'custom', message: 'must be exactly one emoji' });
  return z.NEVER;
});

// ---------------------------------------------------------------------------
// Client → server payloads
// ---------------------------------------------------------------------------

export const messageEditSchema = z.object({
  messageId: idSchema,
  body: z.string().min(1).max(LIMITS.bodyMaxChars),
});
export type MessageEditPayload = z.infer<typeof messageEditSchema>;

export const messageDeleteSchema = z.object({ messageId: idSchema });
export type MessageDeletePayload = z.infer<typeof messageDeleteSchema>;

/** `reaction:add` and `reaction:remove`. */
export const reactionChangeSchema = z.object({ messageId: idSchema, emoji: reactionEmojiSchema });
export type ReactionChangePayload = z.infer<typeof reactionChangeSchema>;

/** The `message:send` fields Messages v2 adds. */
export const messageSendV2Fields = {
  /** A message of the same conversation. */
  replyToId: idSchema.optional(),
  /** Ids of files the sender uploaded, in display order. */
  attachments: z
    .array(idSchema)
    .max(MESSAGE_V2_LIMITS.attachmentsMaxPerMessage)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'a file may be attached only once' })
    .optional(),
};

// ---------------------------------------------------------------------------
// Server → client
// ---------------------------------------------------------------------------

/** After an edit, a delete or a reaction change: the whole message as it is now, to every member. */
export const messageUpdatedEventSchema = z.object({ message: messageSchema });
export type MessageUpdatedPayload = z.infer<typeof messageUpdatedEventSchema>;

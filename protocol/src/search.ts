import { z } from 'zod';
import { idSchema, messageSchema } from './entities';
import { LIMITS } from './limits';

/** Limits of `message:search` (Beacon's choices, docs/protocol-notes.md "Search"). */
export const SEARCH_LIMITS = {
  queryMaxChars: LIMITS.queryMaxChars,
  defaultLimit: 20,
  /** Larger limits are clamped, like `message:history`'s. */
  maxLimit: 50,
} as const;

/** Marks the start of a match in a hit's `snippet` (U+0002, START OF TEXT). */
export const SNIPPET_MATCH_START = '\u0002';
/** Marks the end of a match in a hit's `snippet` (U+0003, END OF TEXT). */
export const SNIPPET_MATCH_END = '\u0003';

/** A snippet split into plain text and matches, for highlighting without parsing markup. */
export function snippetParts(snippet: string): Array<{ text: string; match: boolean }> {
  const parts: Array<{ text: string; match: boolean }> = [];
  for (const [index, piece] of snippet.split(SNIPPET_MATCH_START).entries()) {
    const end = piece.indexOf(SNIPPET_MATCH_END);
    if (index > 0 && end >= 0) {
      parts.push({ text: piece.slice(0, end), match: true });
      parts.push({ text: piece.slice(end + 1), match: false });
    } else {
      parts.push({ text: piece, match: false });
    }
  }
  return parts.filter((part) => part.text.length > 0);
}

export const searchOrderSchema = z.enum(['newest', 'relevance']);
export type SearchOrder = z.infer<typeof searchOrderSchema>;

export const messageSearchSchema = z.object({
  /** Words (each matches as a prefix) and "quoted phrases"; every one must occur. */
  query: z
    .string()
    .max(SEARCH_LIMITS.queryMaxChars)
    .refine((query) => query.trim().length > 0, { message: 'must contain something to search for' }),
  /** Only this conversation; omitted: every conversation the user may read. */
  conversationId: idSchema.optional(),
  /** Default `SEARCH_LIMITS.defaultLimit`; larger than `maxLimit` is clamped. */
  limit: z.number().int().positive().optional(),
  /** Only hits with a lower seq: the next page of a search in one conversation (needs `conversationId`). */
  beforeSeq: z.number().int().nonnegative().optional(),
  /** Extension: only hits older than this message (a hit's id): the next page of a search everywhere. */
  beforeMessageId: idSchema.optional(),
  /** Extension: `newest` (default, the contract's order) or `relevance` (best match first). */
  order: searchOrderSchema.optional(),
});
export type MessageSearchPayload = z.infer<typeof messageSearchSchema>;

export const searchHitSchema = z.object({
  message: messageSchema,
  /** Plain text around the match; each match is wrapped in U+0002 … U+0003. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const messageSearchResultSchema = z.object({
  hits: z.array(searchHitSchema),
  /** Extension: further hits exist past this page (ask again with `beforeSeq` / `beforeMessageId`). */
  more: z.boolean(),
});

/** `message:history` v2: spread into its payload schema. */
export const messageHistorySearchFields = {
  /**
   * A page of `limit` messages with this seq in the middle (it need not exist any more);
   * not together with `beforeSeq` or `afterSeq`. `more` then says whether older messages exist.
   */
  aroundSeq: z.number().int().nonnegative().optional(),
};

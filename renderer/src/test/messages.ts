import type { Message } from '@beacon/protocol';

/** The Messages v2 fields of a plain user message that was never edited, replied or reacted to. */
export const V2_DEFAULTS = {
  kind: 'user',
  editedAt: null,
  deletedAt: null,
  replyToId: null,
  replyTo: null,
  mentions: [],
  reactions: {},
  attachments: [],
  system: null,
} as const satisfies Omit<
  Message,
  'id' | 'conversationId' | 'seq' | 'senderId' | 'clientId' | 'body' | 'sentAt'
>;

/** A v2 message with the given v1 fields (and any v2 overrides). */
export function v2Message(
  fields: Pick<Message, 'id' | 'conversationId' | 'seq' | 'senderId' | 'clientId' | 'body' | 'sentAt'> &
    Partial<Message>,
): Message {
  return { ...V2_DEFAULTS, mentions: [], reactions: {}, attachments: [], ...fields };
}

import type { Message } from '@beacon/protocol';
import type { SystemEvent } from './conversations';

/** Messages, their versions and reactions, and full-text search. */
export interface NewMessage {
  conversationId: string;
  senderId: string;
  clientId: string;
  body: string;
  sentAt: number;
  /** Messages v2: default `user`. P3 writes `system` messages (with `system`) for group changes. */
  kind?: 'user' | 'system';
  system?: SystemEvent | null;
  /** Messages v2: a message of the same conversation (else `MessageRuleError` 'reply_elsewhere'). */
  replyToId?: string | null;
  /** Messages v2: user ids, never the sender's. */
  mentions?: readonly string[];
  /** Messages v2: files the sender uploaded, in order (else `MessageRuleError` 'attachment_refused'). */
  attachmentIds?: readonly string[];
  /** Sent through the integration API by this integration's token (a bot): kept in the archive. */
  integrationId?: string | null;
}

export interface MessageEdit {
  messageId: string;
  actorId: string;
  body: string;
  /** The mentions of the new body. */
  mentions: readonly string[];
  at: number;
}

export interface MessageDeletion {
  messageId: string;
  actorId: string;
  at: number;
}

export interface ReactionChange {
  messageId: string;
  userId: string;
  emoji: string;
  at: number;
}

/** The message after a change; `changed` is false when the call changed nothing (idempotent repeat). */
export interface MessageChange {
  message: Message;
  changed: boolean;
}

export interface HistoryQuery {
  beforeSeq?: number | undefined;
  afterSeq?: number | undefined;
  limit: number;
  /**
   * Search: `limit` messages with this seq in the middle (history-around.ts); `beforeSeq` and
   * `afterSeq` then only bound the range. `more`: older messages exist in it before the page.
   */
  aroundSeq?: number | undefined;
}

export interface MessageRepository {
  /**
   * Appends a message with the next gapless `seq` of its conversation, in one
   * transaction. Idempotent by (conversationId, senderId, clientId): a repeat returns
   * the stored message with `created: false` and writes nothing.
   * Conversations v2: rejects with `NotMemberError` unless the sender is a member, checked in
   * the same transaction (a removal committed first wins); `memberIds` are the members right
   * after the write, whom the message is for.
   */
  append(message: NewMessage): Promise<{ message: Message; created: boolean; memberIds: string[] }>;
  /**
   * Ascending by seq. With afterSeq: the first `limit` after it; with beforeSeq: the
   * last `limit` before it; with both: the first `limit` strictly between; with
   * neither: the newest `limit`. `more` says whether the range holds further messages
   * past the page (newer for afterSeq-only, older otherwise).
   */
  history(conversationId: string, query: HistoryQuery): Promise<{ messages: Message[]; more: boolean }>;
  byId(messageId: string): Promise<Message | null>;
  /**
   * Writes a new version (`edited`) unless the body is the current one. Only the sender
   * (`MessageRuleError` 'not_sender'), not once deleted ('deleted'), not a system message
   * ('system'). Rejects with `NotFoundError` for an unknown id. Durable when it resolves.
   */
  edit(edit: MessageEdit): Promise<MessageChange>;
  /** Writes the `deleted` version; a deleted message is returned unchanged. Rules as `edit`. */
  delete(deletion: MessageDeletion): Promise<MessageChange>;
  /** Idempotent; not on a deleted message ('deleted'). Membership is the caller's to check. */
  addReaction(change: ReactionChange): Promise<MessageChange>;
  /** Idempotent. */
  removeReaction(change: ReactionChange): Promise<MessageChange>;
}

export type SearchOrder = 'newest' | 'relevance';

export interface SearchQuery {
  /** What the user typed: words match as prefixes, "quoted text" as a phrase, all of them must occur. */
  query: string;
  /** Only this conversation; omitted: every conversation the searcher may read. */
  conversationId?: string | undefined;
  limit: number;
  /** Only hits with a lower seq (paging a search in one conversation; needs `conversationId`). */
  beforeSeq?: number | undefined;
  /** Only hits sent before this message (paging a search over every conversation). */
  beforeMessageId?: string | undefined;
  /** `newest` (default): newest first. `relevance`: best match first, the newer first among equals. */
  order?: SearchOrder | undefined;
}

export interface SearchHit {
  message: Message;
  /** Plain text around the match, each match wrapped in U+0002 … U+0003. */
  snippet: string;
}

/**
 * Full-text search over the current text of user messages (not system messages, not deleted
 * ones), limited to what the searcher may read: the seqs of their member periods.
 */
export interface SearchRepository {
  /** Rejects with `InvalidSearchQueryError` when the query has nothing searchable. */
  search(userId: string, query: SearchQuery): Promise<{ hits: SearchHit[]; more: boolean }>;
}

/** A search the store cannot run (no words in the text, an unknown paging id); says why, for the user. */
export class InvalidSearchQueryError extends Error {
  constructor(
    readonly field: 'query' | 'beforeSeq' | 'beforeMessageId',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidSearchQueryError';
  }
}

export type MessageRule = 'reply_elsewhere' | 'attachment_refused' | 'not_sender' | 'deleted' | 'system';

/** A message write the rules of Messages v2 refuse; `message` names the field and says why. */
export class MessageRuleError extends Error {
  constructor(
    readonly rule: MessageRule,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRuleError';
  }
}

import {
  LIMITS,
  type Message,
  type MessageHistoryPayload,
  type MessageReadPayload,
  type MessageSendPayload,
  type MessageUnreadPayload,
  ProtocolError,
} from '@beacon/protocol';
import type { ConversationRecord, MemberPeriod, Store } from '../../store/types';
import { mentionsIn, withMessageRules } from './message-rules';
import { readableHistory } from './readable-history';

export interface SentMessage {
  message: Message;
  /** False for a retry with a known clientId: the stored message, nothing new. */
  created: boolean;
  memberIds: string[];
}

export interface ReadResult {
  readSeq: number;
  /** Whether the read position moved (it never moves back). */
  raised: boolean;
  /**
   * Whether the others should hear of it: after a "mark as unread" they keep seeing the
   * position from before it, so re-reading up to there is no news to them.
   */
  newToOthers: boolean;
  memberIds: string[];
}

/** Sending, paging and reading messages; members only. */
export class MessageService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /**
   * Stores the message (committed when this resolves), or returns the one stored for its clientId.
   * `origin.integrationId`: sent through the integration API (a bot), recorded in the archive.
   */
  async send(
    senderId: string,
    payload: MessageSendPayload,
    origin: { integrationId: string | null } = { integrationId: null },
  ): Promise<SentMessage> {
    const conversation = await this.requireMember(payload.conversationId, senderId);
    const mentions = await mentionsIn(payload.body, conversation.memberIds, senderId, this.store.users);
    const { message, created, memberIds } = await withMessageRules(
      () =>
        this.store.messages.append({
          conversationId: conversation.id,
          senderId,
          clientId: payload.clientId,
          body: payload.body,
          sentAt: this.now(),
          replyToId: payload.replyToId ?? null,
          mentions,
          attachmentIds: payload.attachments ?? [],
          integrationId: origin.integrationId,
        }),
      'conversationId',
    );
    // The members as the append saw them: one removed meanwhile no longer gets the message.
    return { message, created, memberIds };
  }

  /** A page of history, ascending by seq; `limit` defaults to 50 and is clamped to 200. */
  async history(
    userId: string,
    payload: MessageHistoryPayload,
  ): Promise<{ messages: Message[]; more: boolean }> {
    const conversation = await this.requireReader(payload.conversationId, userId);
    const limit = Math.min(payload.limit ?? LIMITS.historyDefaultLimit, LIMITS.historyMaxLimit);
    const { aroundSeq } = payload;
    if (aroundSeq !== undefined && (payload.beforeSeq !== undefined || payload.afterSeq !== undefined)) {
      throw new ProtocolError('invalid', 'aroundSeq: cannot be combined with beforeSeq or afterSeq');
    }
    // Conversations v2: only the seqs of the reader's member periods (readable-history.ts).
    return readableHistory(
      conversation.periods,
      { beforeSeq: payload.beforeSeq, afterSeq: payload.afterSeq, aroundSeq, limit },
      (query) => this.store.messages.history(conversation.id, query),
    );
  }

  /**
   * Raises the reader's position, clamped to the conversation's last seq. `beforeWrite` is
   * told the stored position just before the write (a hidden reader's public one is kept then).
   */
  async read(
    userId: string,
    payload: MessageReadPayload,
    beforeWrite?: (storedSeq: number) => void,
  ): Promise<ReadResult> {
    const before = await this.store.conversations.forMember(payload.conversationId, userId);
    if (!before) {
      await this.requireMember(payload.conversationId, userId);
      throw new ProtocolError('forbidden', 'conversationId: you are not a member of this conversation');
    }
    beforeWrite?.(before.readSeq);
    const readSeq = await this.store.conversations.markRead(payload.conversationId, userId, payload.seq);
    const raised = readSeq > before.readSeq;
    const seenSeq = raised
      ? ((await this.store.conversations.readSeqs(payload.conversationId))[userId] ?? readSeq)
      : readSeq;
    return { readSeq, raised, newToOthers: raised && readSeq >= seenSeq, memberIds: before.memberIds };
  }

  /**
   * "Mark as unread": moves a current member's read position back to just before `seq`, a
   * seq they may read (in their open member period, at most the last seq); never forward.
   * True if it moved.
   */
  async unread(userId: string, payload: MessageUnreadPayload): Promise<boolean> {
    const conversation = await this.requireMember(payload.conversationId, userId);
    const periods = await this.store.conversations.periods(conversation.id, userId);
    const open = periods.find((period) => period.toSeq === null);
    if (!open || payload.seq < open.fromSeq || payload.seq > conversation.lastSeq) {
      throw new ProtocolError('invalid', `seq: ${payload.seq} is not a message you can read here`);
    }
    return this.store.conversations.lowerReadSeq(conversation.id, userId, payload.seq - 1);
  }

  /**
   * Conversations v2: the conversation and the seq ranges `userId` may read, if they are or
   * were a member: else `not_found` (no such id) or `forbidden`.
   */
  async requireReader(
    conversationId: string,
    userId: string,
  ): Promise<ConversationRecord & { periods: MemberPeriod[] }> {
    const conversation = await this.store.conversations.byId(conversationId);
    if (!conversation)
      throw new ProtocolError('not_found', `conversationId: no conversation ${conversationId}`);
    const periods = await this.store.conversations.periods(conversationId, userId);
    if (periods.length === 0) {
      throw new ProtocolError('forbidden', 'conversationId: you are not a member of this conversation');
    }
    return { ...conversation, periods };
  }

  /** The conversation, if `userId` is a member: else `not_found` (no such id) or `forbidden`. */
  async requireMember(conversationId: string, userId: string): Promise<ConversationRecord> {
    const conversation = await this.store.conversations.byId(conversationId);
    if (!conversation)
      throw new ProtocolError('not_found', `conversationId: no conversation ${conversationId}`);
    if (!conversation.memberIds.includes(userId)) {
      throw new ProtocolError('forbidden', 'conversationId: you are not a member of this conversation');
    }
    return conversation;
  }
}

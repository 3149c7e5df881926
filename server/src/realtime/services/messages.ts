import {
  LIMITS,
  type Message,
  type MessageHistoryPayload,
  type MessageReadPayload,
  type MessageSendPayload,
  ProtocolError,
} from '@beacon/protocol';
import { type ConversationRecord, NotFoundError, type Store } from '../../store/types';

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
  memberIds: string[];
}

/** Sending, paging and reading messages; members only. */
export class MessageService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Stores the message (committed when this resolves), or returns the one stored for its clientId. */
  async send(senderId: string, payload: MessageSendPayload): Promise<SentMessage> {
    const conversation = await this.requireMember(payload.conversationId, senderId);
    try {
      const { message, created } = await this.store.messages.append({
        conversationId: conversation.id,
        senderId,
        clientId: payload.clientId,
        body: payload.body,
        sentAt: this.now(),
      });
      return { message, created, memberIds: conversation.memberIds };
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new ProtocolError('not_found', `conversationId: ${error.message}`);
      throw error;
    }
  }

  /** A page of history, ascending by seq; `limit` defaults to 50 and is clamped to 200. */
  async history(
    userId: string,
    payload: MessageHistoryPayload,
  ): Promise<{ messages: Message[]; more: boolean }> {
    const conversation = await this.requireMember(payload.conversationId, userId);
    const limit = Math.min(payload.limit ?? LIMITS.historyDefaultLimit, LIMITS.historyMaxLimit);
    return this.store.messages.history(conversation.id, {
      beforeSeq: payload.beforeSeq,
      afterSeq: payload.afterSeq,
      limit,
    });
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
    return { readSeq, raised: readSeq > before.readSeq, memberIds: before.memberIds };
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

import {
  type Message,
  type MessageDeletePayload,
  type MessageEditPayload,
  ProtocolError,
  type ReactionChangePayload,
} from '@beacon/protocol';
import type { Store } from '../../store/types';
import { mentionsIn, withMessageRules } from './message-rules';

export interface ChangedMessage {
  message: Message;
  /** False when the call changed nothing (a repeat): nobody is told. */
  changed: boolean;
  /** Who hears of the change: the conversation's current members. */
  memberIds: string[];
}

export interface MessageChangeOptions {
  /** How long after sending a message may be edited or deleted; null: always. */
  editWindowMs: number | null;
}

/**
 * Edits and deletes (the sender only, members only) and reactions (members only). Order of
 * checks: payload, message exists (`not_found`), membership (`forbidden`), sender
 * (`forbidden`), state (`invalid` for an edit of a deleted message), edit window (`forbidden`).
 */
export class MessageChangeService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly options: MessageChangeOptions = { editWindowMs: null },
  ) {}

  async edit(userId: string, payload: MessageEditPayload): Promise<ChangedMessage> {
    const { message, memberIds } = await this.requireMemberOf(payload.messageId, userId);
    this.requireSender(message, userId);
    if (message.deletedAt === null) this.requireWithinWindow(message);
    const mentions = await mentionsIn(payload.body, memberIds, userId, this.store.users);
    const change = await withMessageRules(
      () =>
        this.store.messages.edit({
          messageId: message.id,
          actorId: userId,
          body: payload.body,
          mentions,
          at: this.now(),
        }),
      'messageId',
    );
    return { ...change, memberIds };
  }

  async delete(userId: string, payload: MessageDeletePayload): Promise<ChangedMessage> {
    const { message, memberIds } = await this.requireMemberOf(payload.messageId, userId);
    this.requireSender(message, userId);
    if (message.deletedAt !== null) return { message, changed: false, memberIds };
    this.requireWithinWindow(message);
    const change = await withMessageRules(
      () => this.store.messages.delete({ messageId: message.id, actorId: userId, at: this.now() }),
      'messageId',
    );
    return { ...change, memberIds };
  }

  async react(userId: string, payload: ReactionChangePayload, add: boolean): Promise<ChangedMessage> {
    const { message, memberIds } = await this.requireMemberOf(payload.messageId, userId);
    const change = { messageId: message.id, userId, emoji: payload.emoji, at: this.now() };
    const result = await withMessageRules(
      () => (add ? this.store.messages.addReaction(change) : this.store.messages.removeReaction(change)),
      'messageId',
    );
    return { ...result, memberIds };
  }

  private async requireMemberOf(
    messageId: string,
    userId: string,
  ): Promise<{ message: Message; memberIds: string[] }> {
    const message = await this.store.messages.byId(messageId);
    if (!message) throw new ProtocolError('not_found', `messageId: no message ${messageId}`);
    const conversation = await this.store.conversations.byId(message.conversationId);
    if (!conversation?.memberIds.includes(userId)) {
      throw new ProtocolError('forbidden', 'messageId: you are not a member of its conversation');
    }
    return { message, memberIds: conversation.memberIds };
  }

  private requireSender(message: Message, userId: string): void {
    if (message.kind === 'system') {
      throw new ProtocolError('forbidden', 'messageId: system messages cannot be edited or deleted');
    }
    if (message.senderId !== userId) {
      throw new ProtocolError('forbidden', 'messageId: only its sender may edit or delete a message');
    }
  }

  private requireWithinWindow(message: Message): void {
    const { editWindowMs } = this.options;
    if (editWindowMs === null || this.now() - message.sentAt <= editWindowMs) return;
    throw new ProtocolError(
      'forbidden',
      `messageId: messages can be edited or deleted only within ${describeDuration(editWindowMs)} of sending`,
    );
  }
}

function describeDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes >= 1 && Number.isInteger(minutes)) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const seconds = Math.ceil(ms / 1000);
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

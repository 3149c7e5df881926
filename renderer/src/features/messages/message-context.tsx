import type { Message, User } from '@beacon/protocol';
import { createContext, useContext } from 'react';

/** What every message row of one transcript shares: who is reading, the members, and the actions. */
export interface MessageContextValue {
  meId: string;
  members: readonly User[];
  nameOf(userId: string): string;
  /** Left or removed: the transcript is read-only. */
  readOnly: boolean;
  onOpenLink(href: string): void;
  reply(message: Message): void;
  toggleReaction(message: Message, emoji: string): void;
  edit(message: Message, body: string): Promise<void>;
  requestDelete(message: Message): void;
  copyLink(message: Message): void;
  markUnread(message: Message): void;
  /** Shows a message of this conversation (the quoted one of a reply; `seq` when the quote has it). */
  jumpToMessage(messageId: string, seq?: number): void;
  /** The message rows' roving tab stop. */
  focusedId: string | null;
  setFocusedId(messageId: string): void;
}

export const MessageContext = createContext<MessageContextValue | null>(null);

export function useMessageContext(): MessageContextValue {
  const value = useContext(MessageContext);
  if (!value) throw new Error('useMessageContext must be used inside a transcript');
  return value;
}

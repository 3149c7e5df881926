import type { Message } from '@beacon/protocol';
import { describeSendFailure } from '../../socket';
import type { OutboxItem } from '../../store';

export interface RowModel {
  key: string;
  message: Message | null;
  senderId: string;
  body: string;
  sentAt: number;
  state: 'sent' | 'pending' | 'failed';
  failure: string | null;
  clientId: string;
  seq: number | null;
}

export function fromMessage(message: Message): RowModel {
  return {
    key: `${message.senderId}:${message.clientId || message.id}`,
    message,
    senderId: message.senderId,
    body: message.body,
    sentAt: message.sentAt,
    state: 'sent',
    failure: null,
    clientId: message.clientId,
    seq: message.seq,
  };
}

export function fromOutbox(item: OutboxItem, meId: string): RowModel {
  return {
    key: `${meId}:${item.clientId}`,
    message: null,
    senderId: meId,
    body: item.body,
    sentAt: item.createdAt,
    state: item.state,
    failure: item.error ? describeSendFailure(item.error.code, item.error.message) : null,
    clientId: item.clientId,
    seq: null,
  };
}

/** The link "Copy link" puts on the clipboard: the web client's address with the message in the hash. */
export function messageLink(
  serverUrl: string,
  message: Pick<Message, 'conversationId' | 'id' | 'seq'>,
): string {
  return `${serverUrl}/#/conversation/${encodeURIComponent(message.conversationId)}/message/${encodeURIComponent(message.id)}?seq=${message.seq}`;
}

/** Reads a link made by `messageLink` (or just its hash); null when it is not one. */
export function parseMessageLink(
  link: string,
): { conversationId: string; messageId: string; seq: number } | null {
  const hash = link.slice(link.indexOf('#'));
  const match = /^#\/conversation\/([^/]+)\/message\/([^/?]+)\?seq=(\d+)$/.exec(hash);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return {
    conversationId: decodeURIComponent(match[1]),
    messageId: decodeURIComponent(match[2]),
    seq: Number(match[3]),
  };
}

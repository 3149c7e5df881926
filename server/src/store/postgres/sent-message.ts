import { randomUUID } from 'node:crypto';
import type { Message, ReplyQuote } from '@beacon/protocol';
import { type ArchivedPerson, type ArchiveEvent, archivedFile } from '../../compliance/entries';
import type { FileScanState, NewMessage } from '../types';
import { unknownPerson } from './archive-log';

/** A file as an append attaches it (and the archive records it). */
export interface AttachableFileRow {
  id: string;
  uploader_id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  scan: FileScanState;
  thumbnail: boolean;
}

/** The message an append stores at `seq`, as every append path builds it. */
export function sentMessage(
  message: NewMessage,
  seq: number,
  replyTo: ReplyQuote | null = null,
  files: readonly AttachableFileRow[] = [],
): Message {
  return {
    id: randomUUID(),
    conversationId: message.conversationId,
    seq,
    senderId: message.senderId,
    clientId: message.clientId,
    body: message.body,
    sentAt: message.sentAt,
    kind: message.kind ?? 'user',
    editedAt: null,
    deletedAt: null,
    replyToId: message.replyToId ?? null,
    replyTo,
    mentions: [...new Set(message.mentions ?? [])].filter((id) => id !== message.senderId),
    reactions: {},
    attachments: files.map(({ id, name, size, mime, scan, thumbnail }) => ({
      id,
      name,
      size,
      mime,
      scan,
      thumbnail,
    })),
    system: message.system ?? null,
  };
}

/** The `message.sent` archive event of a stored user message, naming its members then. */
export function sentEvent(
  message: Message,
  members: readonly ArchivedPerson[],
  integrationId: string | null,
  files: readonly AttachableFileRow[] = [],
): ArchiveEvent {
  return {
    at: message.sentAt,
    conversationId: message.conversationId,
    actor: members.find((member) => member.id === message.senderId) ?? unknownPerson(message.senderId),
    messageId: message.id,
    payload: {
      kind: 'message.sent',
      seq: message.seq,
      body: message.body,
      replyToId: message.replyToId,
      mentions: message.mentions,
      attachments: files.map(archivedFile),
      recipients: members.filter((member) => member.id !== message.senderId),
      integrationId,
    },
  };
}

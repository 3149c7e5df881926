import type { FileScan } from '@beacon/protocol';
import type { ChainedContent } from './chain';

/**
 * What the compliance archive records (docs/compliance.md, "What is kept"). Every entry names
 * the people by id *and* by the e-mail and name they had then, so an export reads correctly
 * years later, whatever happened to the accounts since.
 */
export interface ArchivedPerson {
  id: string;
  email: string;
  name: string;
}

export interface ArchivedFile {
  fileId: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  /** The scan state when the entry was written; a later verdict is a `file.scanned` entry. */
  scan: FileScan;
}

/** What the record keeps of a file (its bytes stay in the blob store, named by `sha256`). */
export function archivedFile(file: {
  id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  scan: FileScan;
}): ArchivedFile {
  return {
    fileId: file.id,
    name: file.name,
    size: file.size,
    mime: file.mime,
    sha256: file.sha256,
    scan: file.scan,
  };
}

export type ArchivePayload =
  | {
      kind: 'conversation.created';
      conversationKind: 'direct' | 'group';
      title: string;
      members: ArchivedPerson[];
    }
  | { kind: 'conversation.renamed'; title: string }
  | { kind: 'members.added'; members: ArchivedPerson[] }
  | { kind: 'members.removed'; members: ArchivedPerson[] }
  | { kind: 'member.left' }
  | {
      kind: 'message.sent';
      seq: number;
      body: string;
      replyToId: string | null;
      mentions: string[];
      attachments: ArchivedFile[];
      /** The conversation's members when it was sent: who received it. */
      recipients: ArchivedPerson[];
      /** Sent by an integration (a bot's token): which one. */
      integrationId: string | null;
    }
  | { kind: 'message.edited'; seq: number; version: number; body: string; mentions: string[] }
  | { kind: 'message.deleted'; seq: number; version: number }
  | { kind: 'reaction.added' | 'reaction.removed'; emoji: string }
  | {
      kind: 'file.scanned';
      fileId: string;
      name: string;
      sha256: string;
      scan: FileScan;
      signature: string | null;
    }
  | {
      kind: 'purge';
      /** Entries 1..purgedThrough of this chain were removed by retention. */
      purgedThrough: number;
      /** The hash of entry `purgedThrough`, so what remains still links to it. */
      hashAtPurgedThrough: string;
      removed: number;
      /** Entries written before this instant were eligible. */
      cutoff: number;
    };

export type ArchiveKind = ArchivePayload['kind'];

/** What the store writes: the event, who did it and where; the chain position is the store's. */
export interface ArchiveEvent {
  at: number;
  conversationId: string;
  /** null only for the server's own entries (a purge, a scan verdict). */
  actor: ArchivedPerson | null;
  messageId: string | null;
  payload: ArchivePayload;
  /** Written when the archive was created, from what the database held then (archive-backfill.ts). */
  backfilled?: true;
}

/**
 * The hashed fields of an entry. `chain` is the conversation id (one chain per conversation);
 * `payload` is the event's payload without `kind` (that is its own field), plus `actor`, the
 * actor's archived identity.
 */
export interface ArchiveEntryContent extends ChainedContent {
  kind: ArchiveKind;
}

export interface ArchiveEntry extends ArchiveEntryContent {
  prevHash: string;
  hash: string;
}

/** An event as the hashed content at a chain position. */
export function toEntryContent(event: ArchiveEvent, chainSeq: number): ArchiveEntryContent {
  const { kind, ...rest } = event.payload;
  return {
    chain: event.conversationId,
    chainSeq,
    at: event.at,
    kind,
    conversationId: event.conversationId,
    actorId: event.actor?.id ?? null,
    messageId: event.messageId,
    payload: {
      ...rest,
      ...(event.actor ? { actor: event.actor } : {}),
      ...(event.backfilled ? { backfilled: true } : {}),
    },
  };
}

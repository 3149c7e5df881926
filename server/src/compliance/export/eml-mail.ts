import type { Readable } from 'node:stream';
import type Mail from 'nodemailer/lib/mailer';
import type { ArchivedFile, ArchivedPerson, ArchiveEntry } from '../entries';
import { formatFile, formatPerson, isoTime, viewOf } from './entry-view';
import type { ConversationName } from './titles';

/** The archive entries that become mails; the others are in JSON Lines and CSV only. */
export const MAIL_KINDS = ['message.sent', 'message.edited', 'message.deleted'] as const;

export function isMailEntry(entry: ArchiveEntry): boolean {
  return (MAIL_KINDS as readonly string[]).includes(entry.kind);
}

/** An attachment of a sent message: its bytes when they go into the mail, else why not. */
export type AttachmentPart =
  | { file: ArchivedFile; content: Readable }
  | { file: ArchivedFile; omitted: string };

export interface MailContext {
  /** The right-hand side of every Message-ID: the organisation's domain, or `beacon.invalid`. */
  domain: string;
  conversation: ConversationName;
  /** For an edit or a delete: the message's `message.sent` entry (its recipients), when archived. */
  original: ArchiveEntry | null;
  /** For `message.sent`: one per archived attachment, in order. */
  attachments: AttachmentPart[];
}

/** The Message-ID of a message's version: `<id@domain>` for the original, `<id.vN@domain>` after. */
export function messageIdOf(messageId: string, version: number, domain: string): string {
  return version <= 1 ? `<${messageId}@${domain}>` : `<${messageId}.v${version}@${domain}>`;
}

function address(person: ArchivedPerson): Mail.Address {
  // Someone the archive knows by id only still gets an address a mail client accepts.
  return { name: person.name, address: person.email || `${person.id}@unknown.invalid` };
}

/** The name last, unquoted (the rest of the line): only a non-ASCII name then needs MIME words. */
function attachmentHeader(file: ArchivedFile): string {
  return `sha256=${file.sha256}; size=${file.size}; scan=${file.scan}; name=${file.name}`;
}

function attachmentLines(parts: readonly AttachmentPart[]): string {
  if (parts.length === 0) return '';
  const lines = parts.map(
    (part) => `- ${formatFile(part.file)}: ${'content' in part ? 'attached' : part.omitted}`,
  );
  return `\n\nAttachments:\n${lines.join('\n')}\n`;
}

/**
 * The mail of one `message.sent`, `message.edited` or `message.deleted` entry, as nodemailer's
 * MailComposer options (it does the MIME encoding; nothing here builds header text).
 */
export function mailOptionsFor(entry: ArchiveEntry, context: MailContext): Mail.Options {
  const view = viewOf(entry);
  const messageId = entry.messageId ?? `entry-${entry.chainSeq}`;
  const version = view.version ?? 1;
  const sender = view.actor ?? { id: entry.actorId ?? 'unknown', email: '', name: '' };
  const headers: Record<string, string | string[]> = {
    'X-Beacon-Conversation': entry.conversationId ?? entry.chain,
    'X-Beacon-Seq': String(view.seq ?? ''),
    'X-Beacon-Version': String(version),
    'X-Beacon-Archive-Hash': entry.hash,
  };
  const base: Mail.Options = {
    from: address(sender),
    date: new Date(entry.at),
    messageId: messageIdOf(messageId, version, context.domain),
    headers,
    textEncoding: 'quoted-printable',
  };

  if (entry.kind === 'message.sent') {
    if (view.integrationId) headers['X-Beacon-Integration'] = view.integrationId;
    if (context.attachments.length > 0)
      headers['X-Beacon-Attachment'] = context.attachments.map((part) => attachmentHeader(part.file));
    const parent = view.replyToId ? messageIdOf(view.replyToId, 1, context.domain) : undefined;
    return {
      ...base,
      to: view.recipients.map(address),
      subject: context.conversation.display,
      ...(parent ? { inReplyTo: parent, references: [parent] } : {}),
      text: `${view.body ?? ''}${attachmentLines(context.attachments)}`,
      attachments: context.attachments.flatMap((part) =>
        'content' in part
          ? [{ filename: part.file.name, contentType: part.file.mime, content: part.content }]
          : [],
      ),
    };
  }

  const original = context.original ? viewOf(context.original) : null;
  const originalId = messageIdOf(messageId, 1, context.domain);
  const thread = original?.replyToId
    ? [messageIdOf(original.replyToId, 1, context.domain), originalId]
    : [originalId];
  const common = {
    ...base,
    to: (original?.recipients ?? []).map(address),
    inReplyTo: originalId,
    references: thread,
  };
  if (entry.kind === 'message.edited') {
    return { ...common, subject: `Edited: ${context.conversation.display}`, text: view.body ?? '' };
  }
  return {
    ...common,
    subject: `Deleted: ${context.conversation.display}`,
    text:
      `This message was deleted by ${formatPerson(sender)} on ${isoTime(entry.at)}.\n` +
      'The text as sent and as edited stays in the archive: the earlier versions of this message ' +
      '(same X-Beacon-Seq, lower X-Beacon-Version).\n',
  };
}

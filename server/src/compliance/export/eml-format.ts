import MailComposer from 'nodemailer/lib/mail-composer';
import type { ArchiveRepository } from '../../store/ports/compliance';
import type { ArchiveEntry } from '../entries';
import { type AttachmentSources, attachmentParts } from './attachment-parts';
import { type AttachmentPart, isMailEntry, mailOptionsFor } from './eml-mail';
import { viewOf } from './entry-view';
import type { FormatWriter } from './format';
import type { AttachmentMode } from './request';
import { ExportFile } from './sink';

export const EML_DIR = 'eml';
export const SHA256SUMS_FILE = 'SHA256SUMS';

export interface EmlOptions extends AttachmentSources {
  archive: Pick<ArchiveRepository, 'sentEntryOf'>;
  attachments: AttachmentMode;
  domain: string;
}

/** A path segment that names nothing but itself (no `/`, no `..`). */
function segment(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `eml/<conversation>/<seq>-<version>.eml`. */
export function emlPath(entry: ArchiveEntry): string {
  const view = viewOf(entry);
  const name =
    view.seq !== null && view.version !== null ? `${view.seq}-${view.version}` : `entry-${entry.chainSeq}`;
  return `${EML_DIR}/${segment(entry.conversationId ?? entry.chain)}/${name}.eml`;
}

/**
 * One RFC 5322 mail per message version (sent, edited, deleted), composed and streamed by
 * nodemailer's MailComposer, and `SHA256SUMS` (the `sha256sum` format) of all of them, written
 * as they go. Membership, reaction, scan and purge entries are in the other formats only.
 */
export function emlWriter(options: EmlOptions): FormatWriter {
  return async (entries, { sink, signal }) => {
    const sums = await ExportFile.open(sink, SHA256SUMS_FILE, signal);
    let mails = 0;
    let attached = 0;
    for await (const { entry, conversation } of entries) {
      if (!isMailEntry(entry)) continue;
      const view = viewOf(entry);
      const parts: AttachmentPart[] =
        entry.kind === 'message.sent'
          ? await attachmentParts(view.attachments, options.attachments, options)
          : [];
      const original =
        entry.kind !== 'message.sent' && entry.messageId
          ? await options.archive.sentEntryOf(entry.messageId)
          : null;
      const mail = new MailComposer(
        mailOptionsFor(entry, { domain: options.domain, conversation, original, attachments: parts }),
      );
      const path = emlPath(entry);
      const file = await ExportFile.open(sink, path, signal);
      try {
        await file.writeAll(mail.compile().createReadStream());
      } finally {
        for (const part of parts) if ('content' in part) part.content.destroy();
      }
      const written = await file.close();
      await sums.write(`${written.sha256}  ${written.path}\n`);
      mails += 1;
      attached += parts.filter((part) => 'content' in part).length;
    }
    return { files: [await sums.close()], counts: { mails, attachmentsAttached: attached } };
  };
}

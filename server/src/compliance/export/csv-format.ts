import { stringify } from 'csv-stringify/sync';
import type { ArchiveEntry } from '../entries';
import { describeDetails, formatFile, formatPeople, isoTime, viewOf } from './entry-view';
import type { FormatWriter } from './format';
import { PartedFile } from './parts';
import type { ConversationName } from './titles';

/** `archive-000001.csv`, `archive-000002.csv`, … (parts.ts). */
export const CSV_PARTS = { stem: 'archive', extension: 'csv' } as const;

export const CSV_COLUMNS = [
  'time (UTC)',
  'conversation id',
  'conversation title',
  'kind',
  'actor e-mail',
  'actor name',
  'message id',
  'seq',
  'version',
  'body',
  'reply to',
  'attachments',
  'recipients',
  'details',
  'entry',
  'hash',
] as const;

// RFC 4180: CRLF between records, fields with commas, quotes or line breaks quoted, quotes doubled.
const CSV_OPTIONS = { record_delimiter: 'windows' } as const;

export function csvRow(entry: ArchiveEntry, conversation: ConversationName): string[] {
  const view = viewOf(entry);
  return [
    isoTime(entry.at),
    entry.conversationId ?? entry.chain,
    conversation.display,
    entry.kind,
    view.actor?.email ?? '',
    view.actor?.name ?? '',
    entry.messageId ?? '',
    view.seq === null ? '' : String(view.seq),
    view.version === null ? '' : String(view.version),
    view.body ?? '',
    view.replyToId ?? '',
    view.attachments.map(formatFile).join('; '),
    formatPeople(view.recipients),
    describeDetails(entry),
    String(entry.chainSeq),
    entry.hash,
  ];
}

/**
 * The CSV parts: UTF-8, one row per entry. Each part starts with a byte order mark (Excel then
 * reads it as UTF-8) and the header row, so that each opens in a spreadsheet on its own.
 */
export const writeCsv: FormatWriter = async (entries, { sink, signal, partBytes }) => {
  const preamble = stringify([[...CSV_COLUMNS]], { ...CSV_OPTIONS, bom: true });
  const file = new PartedFile(sink, { ...CSV_PARTS, partBytes, signal, preamble });
  for await (const { entry, conversation } of entries) {
    await file.writeEntry(stringify([csvRow(entry, conversation)], CSV_OPTIONS));
  }
  return { files: await file.close(), counts: {} };
};

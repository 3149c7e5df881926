import { stringify } from 'csv-stringify/sync';
import type { ArchiveEntry } from '../entries';
import { describeDetails, formatFile, formatPeople, isoTime, viewOf } from './entry-view';
import type { FormatWriter } from './format';
import { ExportFile } from './sink';
import type { ConversationName } from './titles';

export const CSV_FILE = 'archive.csv';

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

/** `archive.csv`: UTF-8 with a byte order mark (Excel then reads it as UTF-8), one row per entry. */
export const writeCsv: FormatWriter = async (entries, { sink, signal }) => {
  const file = await ExportFile.open(sink, CSV_FILE, signal);
  await file.write(stringify([[...CSV_COLUMNS]], { ...CSV_OPTIONS, bom: true }));
  for await (const { entry, conversation } of entries) {
    await file.write(stringify([csvRow(entry, conversation)], CSV_OPTIONS));
  }
  return { files: [await file.close()], counts: {} };
};

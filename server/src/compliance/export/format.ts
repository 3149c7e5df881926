import type { ArchiveEntry } from '../entries';
import type { WrittenPart } from './parts';
import type { ExportSink, WrittenFile } from './sink';
import type { ConversationName } from './titles';

/** An archive entry on its way out, with the name its conversation had at that point. */
export interface ExportedEntry {
  entry: ArchiveEntry;
  conversation: ConversationName;
}

export interface FormatOutput {
  sink: ExportSink;
  signal?: AbortSignal | undefined;
  /** JSON Lines and CSV: where a part ends (parts.ts). */
  partBytes: number;
}

export interface FormatResult {
  /** What manifest.json lists with their SHA-256: the parts, with their entry counts, or SHA256SUMS. */
  files: Array<WrittenPart | WrittenFile>;
  /** Counts of the format's own (EML: mails written, attachments attached), for the manifest. */
  counts: Record<string, number>;
}

/** One export format: writes its files from the entries. */
export type FormatWriter = (
  entries: AsyncIterable<ExportedEntry>,
  output: FormatOutput,
) => Promise<FormatResult>;

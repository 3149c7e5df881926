import { ExportFile, type ExportSink, type WrittenFile } from './sink';

/**
 * Where JSON Lines and CSV start a new part. A tar header needs its file's size, so the HTTP
 * export holds back one part at a time: this bounds the delay before its first byte and the
 * temporary disk space it needs.
 */
export const DEFAULT_PART_BYTES = 64 * 1024 * 1024;

/** One part of a parted file, as manifest.json lists it. */
export interface WrittenPart extends WrittenFile {
  /** Archive entries in this part. */
  entries: number;
}

/** `archive-000001.jsonl`, `archive-000002.jsonl`, …: numbered so that they sort in order. */
export function partPath(stem: string, extension: string, number: number): string {
  return `${stem}-${String(number).padStart(6, '0')}.${extension}`;
}

export interface PartedFileOptions {
  stem: string;
  extension: string;
  /** A part is closed before an entry would take it past this (an entry is never split). */
  partBytes: number;
  /** What each part begins with (CSV: the byte order mark and the header row). */
  preamble?: string;
  signal?: AbortSignal | undefined;
}

interface OpenPart {
  file: ExportFile;
  entries: number;
}

/**
 * A file written as numbered parts of bounded size, each complete on its own: a new part
 * starts at an entry boundary, and only one part is open at a time. A part is larger than the
 * limit only when its one entry alone is. Even an export without entries has its first part.
 */
export class PartedFile {
  private current: OpenPart | null = null;
  private readonly written: WrittenPart[] = [];
  private readonly preamble: Buffer;

  constructor(
    private readonly sink: ExportSink,
    private readonly options: PartedFileOptions,
  ) {
    if (!(options.partBytes > 0))
      throw new RangeError(`a part needs a positive size, not ${options.partBytes}`);
    this.preamble = Buffer.from(options.preamble ?? '', 'utf8');
  }

  /** Writes one entry, whole, into the current part or a new one. */
  async writeEntry(text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    // An open part holds an entry already, so a new one never starts empty.
    if (this.current && this.current.file.size + data.length > this.options.partBytes)
      await this.closeCurrent();
    const part = this.current ?? (await this.openNext());
    await part.file.write(data);
    part.entries += 1;
  }

  /** Closes the last part; every part, in order. */
  async close(): Promise<WrittenPart[]> {
    if (this.current === null && this.written.length === 0) await this.openNext();
    await this.closeCurrent();
    return [...this.written];
  }

  private async openNext(): Promise<OpenPart> {
    const { stem, extension, signal } = this.options;
    const path = partPath(stem, extension, this.written.length + 1);
    const file = await ExportFile.open(this.sink, path, signal);
    this.current = { file, entries: 0 };
    await file.write(this.preamble);
    return this.current;
  }

  private async closeCurrent(): Promise<void> {
    if (this.current === null) return;
    const { file, entries } = this.current;
    this.current = null;
    this.written.push({ ...(await file.close()), entries });
  }
}

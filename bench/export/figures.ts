/** MB in these figures: 2^20 bytes, as the upload benchmark counts. */
export const MB = 1024 * 1024;

/** The target: the server grows by at most this much while it streams the export. */
export const SERVER_RSS_GROWTH_TARGET_BYTES = 100 * MB;

/** One export, however it was made. */
export interface ExportRunFigures {
  entries: number;
  /** What came out: the tar (HTTP), or the export's files (CLI, floor). */
  bytes: number;
  seconds: number;
  /** HTTP only: until the first bytes of the tar arrived. */
  firstByteSeconds: number | null;
  mbPerSecond: number;
  entriesPerSecond: number;
  /** RSS of the measured process just before the export (the CLI: 0, it starts with it). */
  rssBeforeBytes: number;
  rssPeakBytes: number;
  rssGrowthBytes: number;
  /** Lines of the entries' file (`archive.jsonl`; `archive.csv` without its header). */
  lines: number;
  /** lines = the archive's entry count = the manifest's (the floor has no manifest). */
  complete: boolean;
  cpuPressurePercent: number | null;
}

export interface ExportBenchFigures {
  messages: number;
  archiveEntries: number;
  fillSeconds: number;
  databaseMiB: number;
  range: { from: string; to: string };
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  httpJsonl: ExportRunFigures;
  httpCsv: ExportRunFigures;
  /** The admin CLI as its own process: its whole RSS, start-up included. */
  cliJsonl: ExportRunFigures;
  floor: ExportRunFigures | null;
}

export function figuresOf(
  measured: Omit<ExportRunFigures, 'mbPerSecond' | 'entriesPerSecond' | 'rssGrowthBytes'>,
): ExportRunFigures {
  return {
    ...measured,
    mbPerSecond: measured.bytes / MB / measured.seconds,
    entriesPerSecond: measured.entries / measured.seconds,
    rssGrowthBytes: measured.rssPeakBytes - measured.rssBeforeBytes,
  };
}

export const mb = (bytes: number) => (bytes / MB).toFixed(1);

/** One line for the log as each export finishes. */
export function describe(name: string, f: ExportRunFigures): string {
  return (
    `${name}: ${f.entries.toLocaleString('en')} entries, ${mb(f.bytes)} MB in ${f.seconds.toFixed(1)} s ` +
    `(${f.mbPerSecond.toFixed(1)} MB/s, ${Math.round(f.entriesPerSecond).toLocaleString('en')} entries/s), ` +
    `RSS ${mb(f.rssBeforeBytes)} → peak ${mb(f.rssPeakBytes)} MB (growth ${mb(f.rssGrowthBytes)} MB), ` +
    `${f.lines.toLocaleString('en')} lines${f.complete ? '' : ' — INCOMPLETE'}`
  );
}

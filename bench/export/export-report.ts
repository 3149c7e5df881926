import {
  type ExportBenchFigures,
  type ExportRunFigures,
  mb,
  SERVER_RSS_GROWTH_TARGET_BYTES,
} from './figures';

interface Line {
  label: string;
  value(f: ExportRunFigures): string;
  /** Beacon ÷ floor of this figure; none where a ratio says nothing. */
  ratio?(beacon: ExportRunFigures, floor: ExportRunFigures): number;
  /** Not for the CLI column: its process starts with the export, so only its peak means something. */
  serverOnly?: boolean;
}

const LINES: Line[] = [
  { label: 'archive entries exported', value: (f) => f.entries.toLocaleString('en') },
  { label: 'output (MB)', value: (f) => mb(f.bytes) },
  { label: 'time (s)', value: (f) => f.seconds.toFixed(1), ratio: (b, f) => b.seconds / f.seconds },
  {
    label: 'first byte after (s)',
    value: (f) => (f.firstByteSeconds === null ? '–' : f.firstByteSeconds.toFixed(1)),
  },
  {
    label: 'throughput (MB/s)',
    value: (f) => f.mbPerSecond.toFixed(1),
    ratio: (b, f) => b.mbPerSecond / f.mbPerSecond,
  },
  {
    label: 'entries/s',
    value: (f) => Math.round(f.entriesPerSecond).toLocaleString('en'),
    ratio: (b, f) => b.entriesPerSecond / f.entriesPerSecond,
  },
  { label: 'RSS before (MB)', value: (f) => mb(f.rssBeforeBytes), serverOnly: true },
  { label: 'RSS peak (MB)', value: (f) => mb(f.rssPeakBytes) },
  {
    label: 'RSS growth (MB)',
    value: (f) => mb(f.rssGrowthBytes),
    ratio: (b, f) => b.rssGrowthBytes / f.rssGrowthBytes,
    serverOnly: true,
  },
  {
    label: 'CPU pressure (%)',
    value: (f) => (f.cpuPressurePercent === null ? '–' : f.cpuPressurePercent.toFixed(0)),
  },
  { label: 'lines = archive entries', value: (f) => (f.complete ? 'yes' : 'NO') },
];

function ratioCell(line: Line, beacon: ExportRunFigures, floor: ExportRunFigures | null): string {
  if (!floor || !line.ratio) return '';
  const ratio = line.ratio(beacon, floor);
  return Number.isFinite(ratio) ? `${ratio.toFixed(ratio < 10 ? 2 : 0)}×` : '–';
}

/** The side-by-side table printed after the run, and the target's verdict. */
export function formatExportTable(figures: ExportBenchFigures): string {
  const { httpJsonl, httpCsv, cliJsonl, floor } = figures;
  const rows: string[][] = [
    ['', 'HTTP jsonl', 'HTTP csv', 'CLI jsonl (own process)', 'floor', 'jsonl ÷ floor', 'csv ÷ floor'],
    ...LINES.map((line) => [
      line.label,
      line.value(httpJsonl),
      line.value(httpCsv),
      line.serverOnly ? '–' : line.value(cliJsonl),
      floor ? line.value(floor) : '–',
      ratioCell(line, httpJsonl, floor),
      ratioCell(line, httpCsv, floor),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  const table = rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  '),
    )
    .join('\n');
  const worst = Math.max(httpJsonl.rssGrowthBytes, httpCsv.rssGrowthBytes);
  const met = worst <= SERVER_RSS_GROWTH_TARGET_BYTES;
  const complete = [httpJsonl, httpCsv, cliJsonl].every((f) => f.complete);
  return [
    `${figures.archiveEntries.toLocaleString('en')} archive entries (${figures.messages.toLocaleString('en')} messages), ` +
      `filled in ${figures.fillSeconds.toFixed(0)} s, database ${figures.databaseMiB.toFixed(0)} MiB`,
    table,
    `target: server RSS growth ≤ ${mb(SERVER_RSS_GROWTH_TARGET_BYTES)} MB — ${met ? 'met' : 'NOT met'} ` +
      `(jsonl ${mb(httpJsonl.rssGrowthBytes)} MB, csv ${mb(httpCsv.rssGrowthBytes)} MB)`,
    complete ? 'every export complete' : 'an export is INCOMPLETE (lines ≠ archive entries)',
    '(CLI: a process of its own, so its whole RSS counts, Node and start-up included; MB = 2^20 bytes)',
  ].join('\n');
}

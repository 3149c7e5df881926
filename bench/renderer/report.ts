import type { FrameStats, LongTask } from './probe-api';
import type { PhaseTrace } from './trace';

export interface HeapSample {
  /** performance.memory.usedJSHeapSize (needs --enable-precise-memory-info). */
  usedJsHeapBytes: number | null;
  /** CDP Performance.getMetrics JSHeapUsedSize, after a forced garbage collection. */
  jsHeapUsedBytes: number;
  jsHeapTotalBytes: number;
  domNodes: number;
}

export interface PhaseLongTasks {
  durationMs: number;
  /** From the page's PerformanceObserver('longtask'): the figure the target applies to. */
  longTasks: LongTask[];
  frames: FrameStats | null;
}

export interface TracedPhase extends PhaseLongTasks {
  /** The same phase seen by a Chrome trace: each long task's CPU time next to its wall time. */
  trace: PhaseTrace;
}

export interface RendererBenchResult {
  benchmark: 'renderer';
  mode: 'full' | 'quick';
  startedAt: string;
  finishedAt: string;
  environment: {
    node: string;
    chromium: string;
    cpus: number;
    cpuModel: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
    webBuild: string;
    viewport: { width: number; height: number };
    longTaskSupport: string;
  };
  world: {
    contacts: number;
    messages: number;
    seeding: { usersMs: number; contactsMs: number; messagesMs: number; messagesVia: string };
  };
  open: {
    /** Click → newest message painted, first open after a page load (history fetched from the server). */
    coldMs: number[];
    coldMedianMs: number;
    /** Click → newest message painted, switching back to the already loaded conversation. */
    warmMs: number[];
    warmMedianMs: number;
    longTasks: LongTask[];
  };
  scroll: TracedPhase & { pagesLoaded: number; fromSeq: number; toSeq: number };
  storm: TracedPhase & {
    seconds: number;
    ratePerSecond: number;
    updatesSent: number;
    /** Presence events that reached the page over its socket during the storm. */
    eventsReceived: number;
    subscribedPeople: number;
  };
  memory: { afterSignIn: HeapSample; afterScroll: HeapSample; afterStorm: HeapSample };
  targets: TargetRow[];
}

export interface TargetRow {
  key: string;
  label: string;
  value: number;
  unit: 'ms' | 'count' | 'MB';
  target: string;
  pass: boolean;
}

export const TARGETS = {
  openMs: 300,
  scrollLongTasks: 0,
  stormLongTasks: 0,
  heapBytes: 200_000_000,
} as const;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

const MB = 1_000_000;

export function evaluateTargets(result: Omit<RendererBenchResult, 'targets'>): TargetRow[] {
  const heap = result.memory.afterStorm.jsHeapUsedBytes;
  return [
    {
      key: 'open.coldMedianMs',
      label: `Open the ${result.world.messages.toLocaleString('en')}-message conversation (median of ${result.open.coldMs.length})`,
      value: result.open.coldMedianMs,
      unit: 'ms',
      target: `≤ ${TARGETS.openMs} ms`,
      pass: result.open.coldMedianMs <= TARGETS.openMs,
    },
    {
      key: 'scroll.longTasks',
      label: `Long tasks (> 50 ms) scrolling up ${(result.scroll.fromSeq - result.scroll.toSeq).toLocaleString('en')} messages`,
      value: result.scroll.longTasks.length,
      unit: 'count',
      target: `${TARGETS.scrollLongTasks}`,
      pass: result.scroll.longTasks.length <= TARGETS.scrollLongTasks,
    },
    {
      key: 'storm.longTasks',
      label: `Long tasks during the presence storm (${result.storm.ratePerSecond}/s for ${result.storm.seconds} s)`,
      value: result.storm.longTasks.length,
      unit: 'count',
      target: `${TARGETS.stormLongTasks}`,
      pass: result.storm.longTasks.length <= TARGETS.stormLongTasks,
    },
    {
      key: 'memory.afterStorm.jsHeapUsedMB',
      label: 'JS heap after the storm (after GC)',
      value: heap / MB,
      unit: 'MB',
      target: `≤ ${TARGETS.heapBytes / MB} MB`,
      pass: heap <= TARGETS.heapBytes,
    },
  ];
}

function formatValue(value: number, unit: TargetRow['unit']): string {
  if (Number.isNaN(value)) return 'n/a';
  if (unit === 'ms') return `${Math.round(value)} ms`;
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  return String(value);
}

function longest(tasks: readonly LongTask[]): string {
  if (tasks.length === 0) return 'none';
  return `${Math.round(Math.max(...tasks.map((task) => task.duration)))} ms`;
}

function frames(stats: FrameStats | null): string {
  return stats
    ? `${stats.count} frames, ${stats.over50} over 50 ms, max ${Math.round(stats.maxGapMs)} ms`
    : 'n/a';
}

function traced(phase: TracedPhase): string {
  const { trace } = phase;
  if (trace.longTasks.length === 0) {
    return `trace: no task over 50 ms; main thread CPU ${Math.round(trace.mainThreadCpuMs)} ms`;
  }
  const worst = trace.longTasks.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
  return (
    `trace: ${trace.longTasks.length} over 50 ms wall, ${trace.cpuBoundLongTasks} over 50 ms CPU ` +
    `(longest ${Math.round(worst.wallMs)} ms wall / ${Math.round(worst.cpuMs)} ms CPU); ` +
    `main thread CPU ${Math.round(trace.mainThreadCpuMs)} ms`
  );
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The human summary: the targets table, then the supporting figures. */
export function formatReport(result: RendererBenchResult): string {
  const env = result.environment;
  const rows = [
    ['Figure', 'Value', 'Target', 'Result'],
    ...result.targets.map((row) => [
      row.label,
      formatValue(row.value, row.unit),
      row.target,
      row.pass ? 'PASS' : 'MISS',
    ]),
  ];
  const mem = result.memory;
  const heapLine = (label: string, sample: HeapSample) =>
    `  ${label.padEnd(16)} ${(sample.jsHeapUsedBytes / MB).toFixed(1)} MB used (GC'd), ` +
    `${sample.usedJsHeapBytes === null ? 'n/a' : (sample.usedJsHeapBytes / MB).toFixed(1)} MB performance.memory, ` +
    `${sample.domNodes.toLocaleString('en')} DOM nodes`;
  return [
    `Renderer benchmark (${result.mode}): ${result.world.contacts.toLocaleString('en')} contacts, ` +
      `${result.world.messages.toLocaleString('en')} messages`,
    `Chromium ${env.chromium} headless, ${env.viewport.width}×${env.viewport.height}; node ${env.node}; ` +
      `${env.cpus} CPU cores shared with other work (load average ${env.loadAverageBefore.map((n) => n.toFixed(2)).join(' ')} ` +
      `before, ${env.loadAverageAfter.map((n) => n.toFixed(2)).join(' ')} after); web build: ${env.webBuild}`,
    '',
    table(rows),
    '',
    `Open, cold (after a page load): ${result.open.coldMs.map((ms) => Math.round(ms)).join(', ')} ms`,
    `Open, warm (switching back):    ${result.open.warmMs.map((ms) => Math.round(ms)).join(', ')} ms ` +
      `(median ${Math.round(result.open.warmMedianMs)} ms)`,
    `Long tasks during opens:        ${result.open.longTasks.length} (longest ${longest(result.open.longTasks)})`,
    `Scroll: #${result.scroll.fromSeq} → #${result.scroll.toSeq} in ${(result.scroll.durationMs / 1000).toFixed(1)} s, ` +
      `${result.scroll.pagesLoaded} history pages loaded; ` +
      `longest task ${longest(result.scroll.longTasks)}; ${frames(result.scroll.frames)}`,
    `  ${traced(result.scroll)}`,
    `Storm: ${result.storm.updatesSent} updates among ${result.storm.subscribedPeople} subscribed people, ` +
      `${result.storm.eventsReceived} presence events received; longest task ${longest(result.storm.longTasks)}; ` +
      `${frames(result.storm.frames)}`,
    `  ${traced(result.storm)}`,
    'JS heap:',
    heapLine('after sign-in', mem.afterSignIn),
    heapLine('after scroll', mem.afterScroll),
    heapLine('after storm', mem.afterStorm),
  ].join('\n');
}

import type { Figure, ScenarioResult } from '../scenarios/types';

export interface Row {
  scenario: string;
  key: string;
  label: string;
  unit: Figure['unit'];
  beacon: number | null;
  floor: number | null;
  /** Beacon ÷ floor. */
  ratio: number | null;
  /** The targets, e.g. "≤ 50 ms, ≤ 2× floor", and whether Beacon met them. */
  target: string | null;
  met: boolean | null;
}

interface Target {
  max: number;
  /** Applies only when this holds (e.g. the RSS target is for 10,000 clients). */
  when?: (beacon: ScenarioResult) => boolean;
}

/** The targets. Latency figures must also stay within 2× of the floor. */
const TARGETS: Record<string, Target> = {
  'messages.ack.p99': { max: 50 },
  'messages.delivery.p99': { max: 100 },
  // Messages v2: an edit's fan-out is held to the send's targets.
  'messages.edit.ack.p99': { max: 50 },
  'messages.edit.delivery.p99': { max: 100 },
  'fanout.last.p99': { max: 100 },
  'connections.rss': { max: 1024, when: (beacon) => Number(beacon.details.connected) >= 10_000 },
};
export const MAX_RATIO_TO_FLOOR = 2;

/** Every scenario run also reports how contended the machine's CPUs were meanwhile. */
export const PRESSURE_KEY = 'run.cpu-pressure';
export const PRESSURE_LABEL = 'CPU pressure during the run (time a task waited for a core)';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Several runs of one scenario on one target: each figure is the median of the runs; every run is kept. */
export function medianOf(runs: ScenarioResult[]): ScenarioResult | null {
  const [first] = runs;
  if (!first) return null;
  if (runs.length === 1) return first;
  return {
    figures: first.figures.map((figure) => ({
      ...figure,
      value: median(runs.map((run) => run.figures.find((f) => f.key === figure.key)?.value ?? Number.NaN)),
    })),
    details: { runs: runs.map((run) => ({ figures: run.figures, details: run.details })) },
  };
}

/** The details of a (first) single run, also when `result` is a median over runs. */
function firstRun(result: ScenarioResult): ScenarioResult {
  const runs = result.details.runs;
  if (Array.isArray(runs) && runs.length > 0) return runs[0] as ScenarioResult;
  return result;
}

export function rowsOf(scenario: string, beacon: ScenarioResult | null, floor: ScenarioResult | null): Row[] {
  const keys = [...(beacon?.figures ?? []), ...(floor?.figures ?? [])]
    .map((f) => f.key)
    .filter((key, index, all) => all.indexOf(key) === index);
  return keys.map((key) => {
    const b = beacon?.figures.find((f) => f.key === key);
    const f = floor?.figures.find((x) => x.key === key);
    const figure = b ?? f;
    if (!figure) throw new Error(`no figure ${key}`);
    const target = TARGETS[key];
    const applies = target && beacon && (target.when?.(firstRun(beacon)) ?? true);
    const ratio = b && f && f.value > 0 && key !== PRESSURE_KEY ? b.value / f.value : null;
    // The floor has no fsync: the disk's own latency is a reference, not a contender.
    const ratioApplies = figure.unit === 'ms' && !key.includes('.fsync.');
    let met: boolean | null = null;
    if (applies && b) met = b.value <= target.max;
    if (ratioApplies && ratio !== null) met = (met ?? true) && ratio <= MAX_RATIO_TO_FLOOR;
    const targets = [
      applies ? `≤ ${target.max} ${figure.unit}` : null,
      ratioApplies ? `≤ ${MAX_RATIO_TO_FLOOR}× floor` : null,
    ];
    return {
      scenario,
      key,
      label: figure.label,
      unit: figure.unit,
      beacon: b?.value ?? null,
      floor: f?.value ?? null,
      ratio,
      target: targets.filter((t) => t !== null).join(', ') || null,
      met,
    };
  });
}

function formatValue(value: number | null, unit: Figure['unit']): string {
  if (value === null || Number.isNaN(value)) return '–';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** A plain-text table for the terminal (also valid Markdown). */
export function formatTable(rows: Row[], titles: Record<string, string>): string {
  const header = ['Scenario', 'Figure', 'Beacon', 'Floor (raw ws)', 'Beacon ÷ floor', 'Target', 'Met'];
  const lines = rows.map((row) => [
    titles[row.scenario] ?? row.scenario,
    row.label,
    formatValue(row.beacon, row.unit),
    formatValue(row.floor, row.unit),
    row.ratio === null ? '–' : `${row.ratio.toFixed(2)}×`,
    row.target ?? '–',
    row.met === null ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

import type { Figure, ScenarioResult } from '../scenarios/types';

/** An XMPP peer's figure beside Beacon's (bench/peers/). */
export interface PeerFigure {
  value: number | null;
  /** Beacon ÷ peer. */
  ratio: number | null;
}

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
  /** By peer kind ("prosody", "ejabberd"); empty without peers. The targets stay Beacon's and the floor's. */
  peers: Record<string, PeerFigure>;
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

/** Beacon ÷ other, where both exist and the figure is one that compares (not the machine's CPU pressure). */
function ratioOf(key: string, beacon: Figure | undefined, other: Figure | undefined): number | null {
  return beacon && other && other.value > 0 && key !== PRESSURE_KEY ? beacon.value / other.value : null;
}

export function rowsOf(
  scenario: string,
  beacon: ScenarioResult | null,
  floor: ScenarioResult | null,
  peers: Record<string, ScenarioResult | null> = {},
): Row[] {
  const peerResults = Object.values(peers).flatMap((result) => (result ? [result] : []));
  const keys = [beacon, floor, ...peerResults]
    .flatMap((result) => result?.figures ?? [])
    .map((f) => f.key)
    .filter((key, index, all) => all.indexOf(key) === index);
  return keys.map((key) => {
    const b = beacon?.figures.find((f) => f.key === key);
    const f = floor?.figures.find((x) => x.key === key);
    const figure = b ?? f ?? peerResults.flatMap((r) => r.figures).find((x) => x.key === key);
    if (!figure) throw new Error(`no figure ${key}`);
    const target = TARGETS[key];
    const applies = target && beacon && (target.when?.(firstRun(beacon)) ?? true);
    const ratio = ratioOf(key, b, f);
    // The floor has no fsync: the disk's own latency is a reference, not a contender; CPU
    // time per message is a cost, not a latency.
    const ratioApplies = figure.unit === 'ms' && !key.includes('.fsync.') && !key.includes('.cpu.');
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
      peers: Object.fromEntries(
        Object.entries(peers).map(([kind, result]) => {
          const p = result?.figures.find((x) => x.key === key);
          return [kind, { value: p?.value ?? null, ratio: ratioOf(key, b, p) }];
        }),
      ),
    };
  });
}

function formatValue(value: number | null, unit: Figure['unit']): string {
  if (value === null || Number.isNaN(value)) return '–';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

const formatRatio = (ratio: number | null) => (ratio === null ? '–' : `${ratio.toFixed(2)}×`);

/**
 * A plain-text table for the terminal (also valid Markdown). `peerTitles` (kind → name, in
 * column order) adds each peer's figure and Beacon ÷ peer after the floor's.
 */
export function formatTable(
  rows: Row[],
  titles: Record<string, string>,
  peerTitles: Record<string, string> = {},
): string {
  const peers = Object.entries(peerTitles);
  const header = [
    'Scenario',
    'Figure',
    'Beacon',
    'Floor (raw ws)',
    'Beacon ÷ floor',
    ...peers.flatMap(([, title]) => [title, `Beacon ÷ ${title}`]),
    'Target',
    'Met',
  ];
  const lines = rows.map((row) => [
    titles[row.scenario] ?? row.scenario,
    row.label,
    formatValue(row.beacon, row.unit),
    formatValue(row.floor, row.unit),
    formatRatio(row.ratio),
    ...peers.flatMap(([kind]) => {
      const peer = row.peers[kind];
      return [formatValue(peer?.value ?? null, row.unit), formatRatio(peer?.ratio ?? null)];
    }),
    row.target ?? '–',
    row.met === null ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

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
  /** The absolute target, e.g. "≤ 50 ms", and whether Beacon met it. */
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
  'fanout.last.p99': { max: 100 },
  'connections.rss': { max: 1024, when: (beacon) => Number(beacon.details.connected) >= 10_000 },
};
export const MAX_RATIO_TO_FLOOR = 2;

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
    const applies = target && beacon && (target.when?.(beacon) ?? true);
    const ratio = b && f && f.value > 0 ? b.value / f.value : null;
    let met: boolean | null = null;
    if (applies && b) met = b.value <= target.max;
    if (figure.unit === 'ms' && ratio !== null) met = (met ?? true) && ratio <= MAX_RATIO_TO_FLOOR;
    return {
      scenario,
      key,
      label: figure.label,
      unit: figure.unit,
      beacon: b?.value ?? null,
      floor: f?.value ?? null,
      ratio,
      target: applies ? `≤ ${target.max} ${figure.unit}` : null,
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
    [row.target, row.unit === 'ms' ? `≤ ${MAX_RATIO_TO_FLOOR}× floor` : null].filter(Boolean).join(', ') ||
      '–',
    row.met === null ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

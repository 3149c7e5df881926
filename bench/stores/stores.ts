import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { maskDatabaseUrl } from '../../server/src/config/database-url';
import { openPostgresStore } from '../../server/src/store/postgres';
import type { GeneratorPool } from '../generator/pool';
import type { RunningProcess } from '../lib/child';
import { cpuPressureMeter } from '../lib/pressure';
import { medianOf, PRESSURE_KEY, PRESSURE_LABEL } from '../lib/report';
import { messagesScenario } from '../scenarios/messages';
import type { Figure, ScenarioResult, Sizes } from '../scenarios/types';
import { prepareBeaconStore, startBeacon } from '../targets/beacon';
import type { BenchFixture } from '../targets/fixture';

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];
/**
 * The machine's PostgreSQL (trust authentication), as the tests use it; the user is named, since
 * pg would take it from $USER, which is unset under some service managers.
 */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** `--stores sqlite,postgres`; SQLite, the default store, always runs. */
export function parseStores(value: string | undefined): StoreKind[] {
  if (value === undefined) return ['sqlite'];
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(STORE_KINDS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown store ${unknown.join(', ')} (known: ${STORE_KINDS.join(', ')})`);
  return STORE_KINDS.filter((kind) => kind === 'sqlite' || names.includes(kind));
}

/** A server on `--store postgres` with its own fresh schema, prepared through the PostgreSQL store. */
export interface PostgresTarget {
  schema: string;
  fixture: BenchFixture;
  /** The server's `--data-dir` (uploaded files, keys); the messages live in PostgreSQL. */
  dataDir: string;
  start(cpuProfileDir?: string): Promise<RunningProcess>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

export async function preparePostgresTarget(
  workDir: string,
  databaseUrl: string,
  counts: { users: number; pairs: number },
): Promise<PostgresTarget> {
  const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const drop = async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  let fixture: BenchFixture;
  try {
    const store = await openPostgresStore({ url: databaseUrl, schema });
    try {
      fixture = await prepareBeaconStore(store, counts);
    } finally {
      await store.close();
    }
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  const dataDir = join(workDir, 'data-postgres');
  mkdirSync(dataDir, { recursive: true });
  return {
    schema,
    fixture,
    dataDir,
    start: (cpuProfileDir) =>
      startBeacon(dataDir, {
        cpuProfileDir,
        extraArgs: ['--store', 'postgres', '--database-url', databaseUrl, '--database-schema', schema],
      }),
    drop,
  };
}

/** Scenario 1 on the PostgreSQL server, `repeat` times (a fresh server each), the median of each figure. */
export async function runMessagesOnPostgres(input: {
  target: PostgresTarget;
  pool: GeneratorPool;
  sizes: Sizes;
  repeat: number;
  cpuProfileDir?: string;
  log: (line: string) => void;
}): Promise<ScenarioResult | null> {
  const { target, log } = input;
  const runs: ScenarioResult[] = [];
  for (let round = 0; round < input.repeat; round++) {
    log(`\n▶ ${messagesScenario.title} — Beacon on PostgreSQL (schema ${target.schema})`);
    const server = await target.start(input.cpuProfileDir);
    try {
      const pressure = cpuPressureMeter();
      const result = await messagesScenario.run({
        kind: 'beacon',
        pool: input.pool,
        target: server,
        fixture: target.fixture,
        sizes: input.sizes,
        dataDir: target.dataDir,
        log: (line) => log(`  ${line}`),
      });
      const stalled = pressure.stop();
      if (stalled !== null)
        result.figures.push({ key: PRESSURE_KEY, label: PRESSURE_LABEL, unit: '%', value: stalled });
      for (const figure of result.figures)
        log(`  ${figure.label}: ${figure.value.toFixed(2)} ${figure.unit}`);
      runs.push(result);
    } finally {
      await server.stop();
    }
  }
  return medianOf(runs);
}

export interface StoresComparison {
  /** Where PostgreSQL ran, without a password. */
  database: string;
  sqlite: ScenarioResult | null;
  postgres: ScenarioResult | null;
  floor: ScenarioResult | null;
}

export function storesComparison(
  databaseUrl: string,
  results: Omit<StoresComparison, 'database'>,
): StoresComparison {
  return { database: maskDatabaseUrl(databaseUrl), ...results };
}

/** The figures of scenario 1 that the store changes, side by side. */
const COMPARED = [
  'messages.rate',
  'messages.ack.p50',
  'messages.ack.p99',
  'messages.delivery.p50',
  'messages.delivery.p99',
  'messages.cpu.per-message',
  PRESSURE_KEY,
];

/** A plain-text table (also valid Markdown): SQLite, PostgreSQL and the floor, with the ratios. */
export function formatStoresTable(comparison: StoresComparison): string {
  const figure = (result: ScenarioResult | null, key: string): Figure | undefined =>
    result?.figures.find((f) => f.key === key);
  const value = (f: Figure | undefined) =>
    f ? `${f.value.toFixed(f.unit === 'ms' && f.value < 10 ? 2 : 1)} ${f.unit}` : '–';
  const ratio = (a: Figure | undefined, b: Figure | undefined, key: string) =>
    a && b && b.value > 0 && key !== PRESSURE_KEY && a.unit === 'ms'
      ? `${(a.value / b.value).toFixed(2)}×`
      : '–';
  const header = [
    'Figure (1:1 messages)',
    'SQLite',
    'PostgreSQL',
    'Floor (raw ws)',
    'SQLite ÷ floor',
    'PostgreSQL ÷ floor',
    'PostgreSQL ÷ SQLite',
  ];
  const lines = COMPARED.flatMap((key) => {
    const [s, p, f] = [comparison.sqlite, comparison.postgres, comparison.floor].map((r) => figure(r, key));
    const label = (s ?? p ?? f)?.label;
    if (!label) return [];
    return [[label, value(s), value(p), value(f), ratio(s, f, key), ratio(p, f, key), ratio(p, s, key)]];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

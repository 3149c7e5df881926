import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLUSTER_FULL, CLUSTER_QUICK, runClusterBench } from './cluster/run';
import { EXPORT_FULL, EXPORT_QUICK, runExportBench } from './export/export-bench';
import { formatExportTable } from './export/export-report';
import type { TargetKind } from './generator/clients';
import { GeneratorPool } from './generator/pool';
import {
  INTEGRATIONS_FULL,
  INTEGRATIONS_QUICK,
  type IntegrationsBenchFigures,
  runIntegrationsBench,
} from './integrations/integrations-bench';
import { REPO_ROOT, type RunningProcess } from './lib/child';
import { cpuPressureMeter } from './lib/pressure';
import { formatTable, medianOf, PRESSURE_KEY, PRESSURE_LABEL, type Row, rowsOf } from './lib/report';
import { isPeerKind } from './peers/peer-types';
import { choosePeers, PEER_SCENARIOS, type PreparedPeers, preparePeers } from './peers/peers';
import { PRESENCE_FULL, PRESENCE_QUICK, runPresenceBench } from './presence/presence-bench';
import { connectionsScenario } from './scenarios/connections';
import { fanoutScenario } from './scenarios/fanout';
import { loginStormScenario } from './scenarios/login-storm';
import { messagesScenario } from './scenarios/messages';
import {
  FULL_SIZES,
  generatorsNeeded,
  QUICK_SIZES,
  type Scenario,
  type ScenarioResult,
  usersNeeded,
} from './scenarios/types';
import {
  formatSearchTable,
  runSearchBench,
  SEARCH_FULL,
  SEARCH_QUICK,
  type SearchBenchFigures,
} from './search/search-bench';
import {
  DEFAULT_DATABASE_URL,
  formatStoresTable,
  parseStores,
  preparePostgresTarget,
  runMessagesOnPostgres,
  type StoresComparison,
  storesComparison,
} from './stores/stores';
import { prepareBeaconData, startBeacon } from './targets/beacon';
import { startFloor, writeFloorFixture } from './targets/floor';
import { formatUploadTable, runUploadBench, UPLOAD_FULL, UPLOAD_QUICK } from './upload/upload-bench';

const USAGE = `Usage: npm run bench [-- options]

  --quick            small counts, every scenario, under a minute (CI smoke run)
  --only <names>     comma-separated: ${['messages', 'fanout', 'connections', 'login', 'presence', 'integrations', 'search', 'upload', 'export', 'cluster'].join(', ')} (cluster: only when named;
                     two nodes against one on PostgreSQL and Redis, bench/cluster/)
  --no-floor         skip the raw ws floor (no ratios)
  --peers <names>    XMPP peers run beside Beacon in messages, fanout and connections:
                     prosody, ejabberd (default: every one that is installed; a missing
                     one is skipped with a note)
  --no-peers         no XMPP peers
  --stores <names>   sqlite,postgres: scenario 1 (messages) also on a server with --store postgres,
                     on a fresh schema of --database-url (dropped afterwards), beside SQLite
  --database-url <u> the PostgreSQL of --stores (default ${DEFAULT_DATABASE_URL})
  --repeat <n>       run every scenario n times per target, alternating, and report the median
                     of each figure (steadier on a shared machine; full mode only)
  --seconds <n>      measured duration of the 1:1 messages scenario (default 30, quick 3)
  --cpu-prof         write V8 CPU profiles of the Beacon server to bench/results/profiles/
  --note <text>      stored in the JSON (e.g. "machine shared with other builds")
  -h, --help
`;

/** Not a socket scenario with a floor: its own figures (bench/presence/). */
const PRESENCE = 'presence';
/** Integration API figures: claims, SSE (beside a bare node:http relay), webhooks (bench/integrations/). */
const INTEGRATIONS = 'integrations';
/** Message search over a large corpus, beside the same FTS5 query on the database (bench/search/). */
const SEARCH = 'search';
/** A 100 MB upload through POST /api/v1/files beside a bare node:http server (bench/upload/). */
const UPLOAD = 'upload';
/** The eDiscovery export of a large archive over HTTP and the CLI beside a bare SQLite → file script (bench/export/). */
const EXPORT = 'export';
/** Not in the default run (it needs PostgreSQL and Redis): `--only cluster`. */
const CLUSTER = 'cluster';
const SCENARIOS: Scenario[] = [messagesScenario, fanoutScenario, connectionsScenario, loginStormScenario];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-floor': { type: 'boolean', default: false },
      peers: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      stores: { type: 'string' },
      'database-url': { type: 'string', default: DEFAULT_DATABASE_URL },
      'cpu-prof': { type: 'boolean', default: false },
      seconds: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const storeKinds = parseStores(values.stores);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new Error(`--repeat must be a whole number ≥ 1\n\n${USAGE}`);
  const base = values.quick ? QUICK_SIZES : FULL_SIZES;
  const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
  if (seconds !== undefined && !(seconds > 0))
    throw new Error(`--seconds must be a positive number\n\n${USAGE}`);
  const sizes =
    seconds === undefined ? base : { ...base, messages: { ...base.messages, durationMs: seconds * 1000 } };
  const wanted = values.only?.split(',').map((s) => s.trim());
  const unknown =
    wanted?.filter(
      (name) =>
        name !== PRESENCE &&
        name !== INTEGRATIONS &&
        name !== SEARCH &&
        name !== UPLOAD &&
        name !== EXPORT &&
        name !== CLUSTER &&
        !SCENARIOS.some((s) => s.name === name),
    ) ?? [];
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}\n\n${USAGE}`);
  const scenarios = SCENARIOS.filter((s) => !wanted || wanted.includes(s.name));
  const chosenPeers = scenarios.some((s) => PEER_SCENARIOS.includes(s.name))
    ? choosePeers(values.peers, values['no-peers'])
    : { peers: [], notes: [] };
  for (const note of chosenPeers.notes) process.stdout.write(`${note}\n`);
  /** One section's figures as `bench/results/<time>-<name>.json`, with the machine they ran on. */
  const writeSectionResults = (name: string, figures: unknown): void => {
    const dir = join(REPO_ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}.json`);
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version };
    writeFileSync(
      file,
      `${JSON.stringify({ mode: values.quick ? 'quick' : 'full', note: values.note ?? null, machine, figures }, null, 2)}\n`,
    );
    process.stdout.write(`  results written to ${file}\n`);
  };
  const runPresence = () => {
    process.stdout.write('\n▶ Presence v2: expiry fan-out and start with stored layers — Beacon only\n');
    return runPresenceBench(values.quick ? PRESENCE_QUICK : PRESENCE_FULL, (line) =>
      process.stdout.write(`  ${line}\n`),
    );
  };
  const runIntegrations = async (): Promise<IntegrationsBenchFigures> => {
    process.stdout.write('\n▶ Integrations: claims → watchers, SSE streams, webhooks\n');
    const figures = await runIntegrationsBench(
      values.quick ? INTEGRATIONS_QUICK : INTEGRATIONS_FULL,
      {
        floor: !values['no-floor'],
        cpuProfileDir: values['cpu-prof'] ? join(REPO_ROOT, 'bench/results/profiles') : undefined,
      },
      (line) => process.stdout.write(`  ${line}\n`),
    );
    writeSectionResults('integrations', figures);
    return figures;
  };
  const runSearch = async (): Promise<SearchBenchFigures> => {
    process.stdout.write('\n▶ Search: message:search over socket.io beside the raw FTS5 query\n');
    const figures = await runSearchBench(values.quick ? SEARCH_QUICK : SEARCH_FULL, (line) =>
      process.stdout.write(`  ${line}\n`),
    );
    process.stdout.write(`\n${formatSearchTable(figures)}\n`);
    writeSectionResults('search', figures);
    return figures;
  };
  const runUpload = async () => {
    process.stdout.write(
      '\n▶ Upload: one large file through POST /api/v1/files beside a bare node:http server\n',
    );
    const figures = await runUploadBench(
      values.quick ? UPLOAD_QUICK : UPLOAD_FULL,
      { floor: !values['no-floor'] },
      (line) => process.stdout.write(`  ${line}\n`),
    );
    process.stdout.write(`\n${formatUploadTable(figures)}\n`);
    writeSectionResults('upload', figures);
    return figures;
  };
  const runExport = async () => {
    process.stdout.write(
      '\n▶ Export: the archive over GET /api/admin/compliance/export and the CLI, beside a bare SQLite → file script\n',
    );
    const figures = await runExportBench(
      values.quick ? EXPORT_QUICK : EXPORT_FULL,
      { floor: !values['no-floor'] },
      (line) => process.stdout.write(`  ${line}\n`),
    );
    process.stdout.write(`\n${formatExportTable(figures)}\n`);
    writeSectionResults('export', figures);
    return figures;
  };
  if (scenarios.length === 0) {
    if (!wanted || wanted.includes(PRESENCE)) await runPresence();
    if (!wanted || wanted.includes(INTEGRATIONS)) await runIntegrations();
    if (!wanted || wanted.includes(SEARCH)) await runSearch();
    if (!wanted || wanted.includes(UPLOAD)) await runUpload();
    if (!wanted || wanted.includes(EXPORT)) await runExport();
    if (wanted?.includes(CLUSTER)) {
      process.stdout.write('\n▶ Several nodes: two nodes against one on PostgreSQL (and Redis)\n');
      await runClusterBench(values.quick ? CLUSTER_QUICK : CLUSTER_FULL, (line) =>
        process.stdout.write(`  ${line}\n`),
      );
    }
    return;
  }
  const kinds: TargetKind[] = values['no-floor'] ? ['beacon'] : ['beacon', 'floor'];
  const resultsDir = join(REPO_ROOT, 'bench/results');
  const profileDir = values['cpu-prof'] ? join(resultsDir, 'profiles') : undefined;
  mkdirSync(resultsDir, { recursive: true });

  const startedAt = new Date();
  const loadAtStart = loadavg();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-bench-'));
  let pool: GeneratorPool | null = null;
  let peers: PreparedPeers | null = null;
  try {
    const dataDir = join(workDir, 'data');
    const floorFixture = join(workDir, 'floor-fixture.json');
    const users = usersNeeded(sizes);
    log(`preparing ${users} users and ${sizes.messages.pairs} conversations…`);
    const fixture = await prepareBeaconData(dataDir, { users, pairs: sizes.messages.pairs });
    writeFloorFixture(floorFixture, fixture);
    peers = await preparePeers(chosenPeers.peers, fixture, sizes, log);
    const xmpp = peers;
    pool = await GeneratorPool.start(generatorsNeeded(sizes));
    const generators = pool;
    /** The targets of a scenario: Beacon, the floor, and the XMPP peers where they take part. */
    const kindsOf = (scenario: Scenario): TargetKind[] =>
      PEER_SCENARIOS.includes(scenario.name) ? [...kinds, ...xmpp.kinds] : kinds;

    const startTarget = (kind: TargetKind): Promise<RunningProcess> => {
      if (isPeerKind(kind)) return xmpp.start(kind);
      return kind === 'beacon'
        ? startBeacon(dataDir, { cpuProfileDir: profileDir })
        : startFloor(floorFixture);
    };
    const targetName = (kind: TargetKind) =>
      kind === 'beacon' ? 'Beacon' : kind === 'floor' ? 'floor (raw ws relay)' : (xmpp.titles[kind] ?? kind);
    const runOne = async (scenario: Scenario, kind: TargetKind, target: RunningProcess) => {
      log(`\n▶ ${scenario.title} — ${targetName(kind)}`);
      const pressure = cpuPressureMeter();
      const result = await scenario.run({
        kind,
        pool: generators,
        target,
        fixture: isPeerKind(kind) ? xmpp.fixture : fixture,
        sizes,
        dataDir,
        log: (line) => log(`  ${line}`),
      });
      const stalled = pressure.stop();
      if (stalled !== null)
        result.figures.push({ key: PRESSURE_KEY, label: PRESSURE_LABEL, unit: '%', value: stalled });
      for (const figure of result.figures)
        log(`  ${figure.label}: ${figure.value.toFixed(2)} ${figure.unit}`);
      return result;
    };

    const results = scenarios.map((scenario) => ({
      scenario,
      byKind: {} as Partial<Record<TargetKind, ScenarioResult | null>>,
    }));
    if (values.quick) {
      // One server per target for every scenario: the smoke run stays short.
      for (const kind of [...kinds, ...xmpp.kinds]) {
        const entries = results.filter((entry) => kindsOf(entry.scenario).includes(kind));
        if (entries.length === 0) continue;
        const target = await startTarget(kind);
        try {
          for (const entry of entries) entry.byKind[kind] = await runOne(entry.scenario, kind, target);
        } finally {
          await target.stop();
        }
      }
    } else {
      // A fresh server per scenario: no scenario's leftovers weigh on the next one's figures.
      for (const entry of results) {
        const runs: Partial<Record<TargetKind, ScenarioResult[]>> = {};
        for (let round = 0; round < repeat; round++) {
          for (const kind of kindsOf(entry.scenario)) {
            const target = await startTarget(kind);
            try {
              const result = await runOne(entry.scenario, kind, target);
              runs[kind] = [...(runs[kind] ?? []), result];
            } finally {
              await target.stop();
            }
          }
        }
        for (const kind of kindsOf(entry.scenario)) entry.byKind[kind] = medianOf(runs[kind] ?? []);
      }
    }

    const peerResults = (entry: (typeof results)[number]) =>
      Object.fromEntries(xmpp.kinds.map((kind) => [kind, entry.byKind[kind] ?? null]));
    const rows: Row[] = results.flatMap((r) =>
      rowsOf(r.scenario.name, r.byKind.beacon ?? null, r.byKind.floor ?? null, peerResults(r)),
    );
    const titles = Object.fromEntries(scenarios.map((s) => [s.name, s.title]));
    log(`\n${formatTable(rows, titles, xmpp.titles)}`);
    const messagesRun = results.find((r) => r.scenario.name === messagesScenario.name);
    let stores: StoresComparison | null = null;
    if (messagesRun && storeKinds.includes('postgres')) {
      const databaseUrl = values['database-url'];
      log(
        `\npreparing ${2 * sizes.messages.pairs} users and ${sizes.messages.pairs} conversations on PostgreSQL…`,
      );
      const postgres = await preparePostgresTarget(workDir, databaseUrl, {
        users: 2 * sizes.messages.pairs,
        pairs: sizes.messages.pairs,
      });
      try {
        const result = await runMessagesOnPostgres({
          target: postgres,
          pool: generators,
          sizes,
          repeat: values.quick ? 1 : repeat,
          cpuProfileDir: profileDir,
          log,
        });
        stores = storesComparison(databaseUrl, {
          sqlite: messagesRun.byKind.beacon ?? null,
          postgres: result,
          floor: messagesRun.byKind.floor ?? null,
        });
        log(`\n${formatStoresTable(stores)}`);
      } finally {
        await postgres.drop();
      }
    }
    const presence = !wanted || wanted.includes(PRESENCE) ? await runPresence() : null;
    const integrations = !wanted || wanted.includes(INTEGRATIONS) ? await runIntegrations() : null;
    const search = !wanted || wanted.includes(SEARCH) ? await runSearch() : null;
    const upload = !wanted || wanted.includes(UPLOAD) ? await runUpload() : null;
    const exported = !wanted || wanted.includes(EXPORT) ? await runExport() : null;
    const finishedAt = new Date();
    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      mode: values.quick ? 'quick' : 'full',
      repeat: values.quick ? 1 : repeat,
      note: values.note ?? null,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        memoryGiB: totalmem() / 1024 ** 3,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg(),
      },
      sizes,
      peers: { titles: xmpp.titles, notes: chosenPeers.notes },
      rows,
      scenarios: results.map((r) => ({
        name: r.scenario.name,
        title: r.scenario.title,
        beacon: r.byKind.beacon ?? null,
        floor: r.byKind.floor ?? null,
        peers: peerResults(r),
      })),
      presence,
      integrations,
      search,
      upload,
      export: exported,
      stores,
    };
    const file = join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults written to ${file}`);
    log(
      `load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (${cpus().length} cores)`,
    );
  } finally {
    await pool?.stop();
    peers?.cleanup();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

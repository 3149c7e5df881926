import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, type RunningProcess, startProcess } from '../lib/child';
import { rssBytes } from '../lib/proc-stats';

const USAGE = `Usage: npm run bench:idle [-- options]

Starts the demo server (--demo, a fresh data dir) idle, waits, and prints its memory: RSS from
/proc (VmRSS) and the V8 figures of process.memoryUsage(), also after a full garbage collection
(logged by the server itself when BEACON_MEMORY_REPORT_MS is set), for each way of running it,
side by side.

  --variants <names>  comma-separated, default: ${['tsx', 'compiled'].join(',')}
                      tsx       the server as \`tsx src/cli/server.ts\` ran it (TypeScript loaded at run time)
                      compiled  \`npm run server\`: the esbuild bundle in server/dist, with source maps
                      compiled-no-source-maps  the same bundle without --enable-source-maps
  --runs <n>          runs per variant, alternating (default 3)
  --wait <seconds>    idle time after "listening" before reading the figures (default 10)
  -h, --help
`;

interface Variant {
  /** Node arguments, from the repository root. */
  nodeArgs: string[];
  describe: string;
}

const VARIANTS: Record<string, Variant> = {
  // tsx's CLI runs the server in a child node process with its loader: the figures are the child's.
  tsx: { nodeArgs: ['node_modules/tsx/dist/cli.mjs', 'server/src/cli/server.ts'], describe: 'tsx (before)' },
  compiled: {
    nodeArgs: ['--enable-source-maps', 'server/scripts/run.mjs', 'server'],
    describe: 'compiled (npm run server)',
  },
  'compiled-no-source-maps': {
    nodeArgs: ['server/scripts/run.mjs', 'server'],
    describe: 'compiled, no source maps',
  },
};

interface IdleFigures {
  /** VmRSS of the process that runs the server, bytes. */
  rss: number;
  /** VmRSS of every process started for it (tsx's CLI runs the server as its child). */
  rssTree: number;
  heapUsed: number;
  /** What is live: heapUsed after a full garbage collection. */
  heapLive: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

interface HeapFigures {
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** The server's `memory` log line (server/src/cli/memory-report.ts). */
interface MemoryLine {
  pid: number;
  memory: HeapFigures;
  afterGc: HeapFigures;
}

function memoryLine(stderr: string): MemoryLine | null {
  for (const line of stderr.split('\n')) {
    if (!line.includes('"msg":"memory"')) continue;
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && 'memory' in parsed)
      return parsed as MemoryLine;
  }
  return null;
}

/** Every process below `pid` (children of any of its threads), recursively. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children === '' ? [] : children.split(/\s+/).map(Number))
        found.push(child, ...descendants(child));
    }
  } catch {
    // gone
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's own pid: tsx's CLI is a parent process; the server logs its pid on every line. */
function serverPid(stderr: string): number | null {
  const match = /"pid":(\d+)/.exec(stderr);
  return match?.[1] ? Number(match[1]) : null;
}

async function measureOnce(variant: Variant, waitMs: number): Promise<IdleFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'beacon-idle-'));
  let server: RunningProcess | undefined;
  try {
    server = await startProcess(
      // No virus scanner, so that no run depends on whether this machine has clamd.
      [...variant.nodeArgs, '--demo', '--data-dir', dataDir, '--port', '0', '--clamd-socket', 'none'],
      /listening on (\S+)/,
      // The heap figures come just after RSS is read: the report forces a garbage collection.
      { env: { ...process.env, BEACON_MEMORY_REPORT_MS: String(waitMs + 500) } },
    );
    await sleep(waitMs);
    const pid = serverPid(server.stderr());
    if (pid === null) throw new Error(`the server logged nothing:\n${server.stderr()}`);
    const tree = [server.pid, ...descendants(server.pid)];
    const rss = rssBytes(pid);
    const rssTree = tree.reduce((sum, each) => sum + rssBytes(each), 0);
    const deadline = Date.now() + 10_000;
    let line = memoryLine(server.stderr());
    while (line === null && Date.now() < deadline) {
      await sleep(50);
      line = memoryLine(server.stderr());
    }
    if (line === null) throw new Error(`the server logged no memory line:\n${server.stderr()}`);
    return { rss, rssTree, ...line.memory, heapLive: line.afterGc.heapUsed };
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const COLUMNS: [keyof IdleFigures, string][] = [
  ['rss', 'RSS'],
  ['rssTree', 'RSS all processes'],
  ['heapUsed', 'heapUsed'],
  ['heapLive', 'heapUsed after GC'],
  ['heapTotal', 'heapTotal'],
  ['external', 'external'],
  ['arrayBuffers', 'arrayBuffers'],
];

function formatTable(results: Map<string, IdleFigures[]>): string {
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const header = ['variant (MiB, median of runs; each run)', ...COLUMNS.map(([, label]) => label)];
  const rows = [...results].map(([name, runs]) => [
    VARIANTS[name]?.describe ?? name,
    ...COLUMNS.map(
      ([key]) =>
        `${mib(median(runs.map((run) => run[key])))} (${runs.map((run) => mib(run[key])).join(', ')})`,
    ),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function buildIfStale(): void {
  const build = spawnSync(process.execPath, ['server/scripts/build.mjs', '--if-stale'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the server build failed');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      variants: { type: 'string', default: 'tsx,compiled' },
      runs: { type: 'string', default: '3' },
      wait: { type: 'string', default: '10' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const names = values.variants.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(name in VARIANTS));
  if (unknown.length > 0) throw new Error(`unknown variant ${unknown.join(', ')}\n\n${USAGE}`);
  const runs = Number(values.runs);
  const waitSeconds = Number(values.wait);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1\n\n${USAGE}`);
  if (!(waitSeconds >= 0)) throw new Error(`--wait must be a number of seconds\n\n${USAGE}`);

  const results = new Map<string, IdleFigures[]>(names.map((name) => [name, []]));
  for (let run = 1; run <= runs; run++) {
    for (const name of names) {
      const variant = VARIANTS[name];
      if (!variant) continue;
      // Other work may have changed a source meanwhile: no run should build (npm run server
      // would, in a child process, before the server starts).
      buildIfStale();
      process.stdout.write(`  ${variant.describe}: run ${run} of ${runs}, idle ${waitSeconds} s…\n`);
      results.get(name)?.push(await measureOnce(variant, waitSeconds * 1000));
    }
  }
  process.stdout.write(`\nIdle demo server after ${waitSeconds} s (node ${process.version})\n\n`);
  process.stdout.write(`${formatTable(results)}\n`);
  const dir = join(REPO_ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-idle.json`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version };
  writeFileSync(
    file,
    `${JSON.stringify({ waitSeconds, machine, bytes: Object.fromEntries(results) }, null, 2)}\n`,
  );
  process.stdout.write(`  results written to ${file}\n`);
}

await main();

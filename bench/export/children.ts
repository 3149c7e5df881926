import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { spawnNode } from '../lib/child';
import { sampleRss } from '../lib/rss-sampler';

export interface AdminRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** The whole process's peak RSS, sampled every 20 ms from /proc. */
  peakRssBytes: number;
}

/**
 * Runs the admin CLI as `node --import tsx server/src/cli/admin.ts …` (what `npm run admin`
 * ends up running, without npm's and tsx's wrapper processes), so the pid sampled is the one
 * that does the work.
 */
export async function runAdmin(args: string[]): Promise<AdminRun> {
  const started = performance.now();
  const child = spawnNode(['--import', 'tsx', 'server/src/cli/admin.ts', ...args]);
  if (child.pid === undefined) throw new Error('the admin CLI did not start');
  const sampler = sampleRss(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-16_384);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  return {
    code,
    stdout,
    stderr,
    seconds: (performance.now() - started) / 1000,
    peakRssBytes: sampler.stop(),
  };
}

/** Resolves with the first stdout line that starts with `prefix`; rejects if the process exits first. */
function lineStartingWith(child: ChildProcess, prefix: string, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) throw new Error('no stdout');
    const lines = createInterface({ input: child.stdout });
    const onExit = () => reject(new Error(`exited before "${prefix}" (${child.exitCode}):\n${stderr()}`));
    lines.on('line', (line) => {
      if (!line.startsWith(prefix)) return;
      child.off('exit', onExit);
      lines.close();
      resolve(line);
    });
    child.once('exit', onExit);
  });
}

export interface FloorExport {
  pid: number;
  /** Starts the export; resolves with its rows and bytes once the file is complete. */
  run(): Promise<{ rows: number; bytes: number }>;
  stop(): Promise<void>;
}

/** Starts bench/export/floor-export.ts and waits until it has the database open. */
export async function startFloorExport(databaseFile: string, outFile: string): Promise<FloorExport> {
  const child = spawnNode(['--import', 'tsx', 'bench/export/floor-export.ts', databaseFile, outFile]);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the floor export did not start');
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-16_384);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await lineStartingWith(child, 'ready', () => stderr);
  return {
    pid,
    async run() {
      const done = lineStartingWith(child, 'done ', () => stderr);
      child.kill('SIGUSR2');
      const [, rows, bytes] = (await done).split(' ');
      return { rows: Number(rows), bytes: Number(bytes) };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = 'server/src/cli/server.ts';
const LISTENING = /^Beacon server listening on (http:\/\/\S+)$/m;

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stdout / stderr so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the server CLI as a child process, as `npm run server` would. Node runs the CLI
 * itself with tsx's loader (`--import tsx`), not through the `tsx` binary: that binary is a
 * wrapper that starts the server as *its* child, so a SIGKILL would kill the wrapper and
 * leave the real server running on its port. Here the pid is the server.
 */
export function runCli(args: string[]): Omit<ChildServer, 'url'> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Starts the server CLI and resolves once it printed its listening line. */
export async function startChildServer(args: string[], timeoutMs = 30_000): Promise<ChildServer> {
  const run = runCli(args);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${run.output().stderr}`));
    }, timeoutMs);
    const check = () => {
      const match = LISTENING.exec(run.output().stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    run.child.stdout?.on('data', check);
    void run.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${run.output().stderr}`));
    });
  });
  return { ...run, url };
}

/**
 * How a TCP connect to the URL's host and port ends: `refused` when nothing listens there any
 * more, `connected` when something still accepts, or the error code of anything else.
 */
export function probePort(url: string, timeoutMs = 2_000): Promise<'refused' | 'connected' | string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const done = (result: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message)),
    );
  });
}

/**
 * The demo server on a data dir of its own, for tests that kill it (SIGKILL) and start it again
 * on the same data; `cleanup()` (in afterAll) kills what still runs and removes the data.
 */
export function restartableDemoServer(prefix: string): {
  dataDir: string;
  start(): Promise<ChildServer>;
  cleanup(): void;
} {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const children: ChildServer[] = [];
  return {
    dataDir,
    async start() {
      const server = await startChildServer([
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--demo',
        '--log-level',
        'warn',
      ]);
      children.push(server);
      return server;
    },
    cleanup() {
      for (const { child } of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

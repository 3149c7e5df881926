import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
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

/** Runs the server CLI as a child process, as `npm run server` would. */
export function runCli(args: string[]): Omit<ChildServer, 'url'> {
  const child = spawn(TSX, [CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');
const SERVER_ENTRY = join(REPO_ROOT, 'server/src/cli/server.ts');
const LISTENING = /listening on (https?:\/\/\S+)/;
const START_TIMEOUT_MS = 60_000;

export interface ServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Reuse a data directory (a restart); a fresh temporary one by default. */
  dataDir?: string;
  /** More command-line options for the server (e.g. `--clamd-socket`). */
  extraArgs?: readonly string[];
}

/**
 * The real Beacon server with the demo organisation, as a child process in its own process group
 * (tsx runs the server in a grandchild: killing the group takes both down, like a crash).
 */
export class ServerProcess {
  private exited: Promise<void>;

  private constructor(
    private child: ChildProcess,
    readonly url: string,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
    private output: string[],
    private readonly extraArgs: readonly string[],
  ) {
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  static async start(options: ServerOptions = {}): Promise<ServerProcess> {
    const ownsDataDir = options.dataDir === undefined;
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'beacon-e2e-'));
    const extraArgs = options.extraArgs ?? [];
    const { child, url, output } = await launch(options.port ?? 0, dataDir, extraArgs);
    return new ServerProcess(child, url, dataDir, ownsDataDir, output, extraArgs);
  }

  /** Kills the server abruptly (SIGKILL to the whole process group) and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const pid = this.child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        this.child.kill('SIGKILL');
      }
    }
    await this.exited;
  }

  /** Starts the server again on the same port and data directory. */
  async restart(): Promise<void> {
    await this.kill();
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      try {
        const { child, output } = await launch(this.port, this.dataDir, this.extraArgs);
        this.child = child;
        this.output = output;
        this.exited = new Promise((done) => child.once('exit', () => done()));
        return;
      } catch (error) {
        // The port may take a moment to be released by the killed process.
        if (Date.now() > deadline) throw error;
        await new Promise((wait) => setTimeout(wait, 250));
      }
    }
  }

  /** Stops the server (gracefully, then by force) and removes its temporary data. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        this.child.kill('SIGTERM');
      }
      const timer = setTimeout(() => void this.kill(), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  recentOutput(): string {
    return this.output.join('').slice(-4_000);
  }
}

function launch(
  port: number,
  dataDir: string,
  extraArgs: readonly string[],
): Promise<{ child: ChildProcess; url: string; output: string[] }> {
  const child = spawn(
    TSX,
    [
      SERVER_ENTRY,
      '--demo',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
      ...extraArgs,
    ],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  const output: string[] = [];
  return new Promise((resolveStart, rejectStart) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error('the server did not start within 60 s')), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      rejectStart(new Error(`${error.message}\n${output.join('').slice(-2_000)}`));
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      buffer += text;
      const match = LISTENING.exec(buffer);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveStart({ child, url: match[1], output });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code, signal) =>
      fail(new Error(`the server exited early (code ${code}, signal ${signal})`)),
    );
    child.once('error', (error) => fail(error));
  });
}

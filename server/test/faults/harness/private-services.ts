import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/deploy-tools';

const POSTGRES_BIN = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort().at(-1);
  return version ? join(root, version, 'bin') : null;
})();

export const REDIS_SERVER = '/usr/bin/redis-server';

/** Why these fault tests cannot run here (null: they can): Debian's postgresql and redis-server packages. */
export function privateServicesMissing(): string | null {
  if (!POSTGRES_BIN || !existsSync(join(POSTGRES_BIN, 'initdb')))
    return 'PostgreSQL binaries (package postgresql) are not installed';
  if (!existsSync(REDIS_SERVER)) return 'redis-server (package redis-server) is not installed';
  return null;
}

/** Runs a PostgreSQL binary as `postgres` when we are root (initdb and postgres refuse root). */
function asPostgres(binary: string, args: string[]): string[] {
  const path = join(POSTGRES_BIN ?? '', binary);
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', path, ...args] : [path, ...args];
}

function run(command: string[]): void {
  const [file, ...args] = command;
  if (!file) throw new Error('no command');
  execFileSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temp dir, its own port), so the test may
 * stop and restart it without disturbing anything else on the machine.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-pg-'));
    if (process.getuid?.() === 0)
      chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), 0);
    run(asPostgres('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']));
    const postgres = new PrivatePostgres(dir, await freePort());
    postgres.startServer();
    return postgres;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Stops it the way a crash does (`immediate`: no checkpoint), waits `downMs`, starts it again. */
  async restart(downMs: number): Promise<void> {
    run(asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']));
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.startServer();
  }

  stop(): void {
    try {
      run(asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']));
    } catch {
      // Already stopped.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private startServer(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
    run(
      asPostgres('pg_ctl', [
        '-D',
        join(this.dir, 'data'),
        '-o',
        options,
        '-l',
        join(this.dir, 'log'),
        '-w',
        'start',
      ]),
    );
  }
}

/** A redis-server of the test's own, as the machine runs it (nothing kept on disk), killable and restartable. */
export class PrivateRedis {
  private child: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.startServer();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** SIGKILL (everything in it is lost, as on the machine's Redis without persistence), then a fresh start. */
  async restart(downMs: number): Promise<void> {
    await this.kill();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startServer();
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  private async startServer(): Promise<void> {
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${output}`));
      });
    });
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = 'server/src/cli/server.ts';
const LISTENING = /Beacon server listening on (http:\/\/\S+)/;

export interface ServerProcessOptions {
  dataDir: string;
  /** 0 on the first start; a restart reuses the port the first start got. */
  port?: number;
  extraArgs?: string[];
  startTimeoutMs?: number;
}

/**
 * The real server CLI as a child process that can be killed the hard way (SIGKILL)
 * and restarted on the same data dir and port. Node runs the CLI directly (with tsx's
 * loader), so the pid is the server itself and not a wrapper that would survive it.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private stderrTail = '';
  private currentUrl: string | null = null;
  private currentPort: number;
  private starts = 0;

  constructor(private readonly options: ServerProcessOptions) {
    this.currentPort = options.port ?? 0;
  }

  get url(): string {
    if (!this.currentUrl) throw new Error('the server is not running');
    return this.currentUrl;
  }

  get port(): number {
    return this.currentPort;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many times the process was started. */
  get startCount(): number {
    return this.starts;
  }

  /** The last few KiB the server wrote to stderr (its warnings and errors), for failure reports. */
  get recentStderr(): string {
    return this.stderrTail;
  }

  async start(): Promise<string> {
    if (this.child) throw new Error('the server is already running');
    const args = [
      '--import',
      'tsx',
      CLI,
      '--port',
      String(this.currentPort),
      '--data-dir',
      this.options.dataDir,
      '--log-level',
      'warn',
      ...(this.options.extraArgs ?? []),
    ];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-8_192);
    });
    child.once('exit', () => {
      if (this.child === child) {
        this.child = null;
        this.currentUrl = null;
      }
    });
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timeoutMs = this.options.startTimeoutMs ?? 60_000;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the server did not start within ${timeoutMs} ms:\n${this.stderrTail}`));
      }, timeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = LISTENING.exec(stdout);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code ?? signal}) before listening:\n${this.stderrTail}`));
      });
    });
    this.currentUrl = url;
    this.currentPort = Number(new URL(url).port);
    return url;
  }

  /** SIGKILL: no shutdown code runs, exactly like a crash or a power cut of the process. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the graceful shutdown an operator does. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}

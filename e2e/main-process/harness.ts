import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlReply } from './fake-electron/control';
import type { RuntimeSnapshot } from './fake-electron/runtime';

export const ROOT = join(import.meta.dirname, '..', '..');
/** The app folder to launch (its package.json `main` is the bundle): the repository, unless told otherwise. */
export const APP_DIR = process.env.MAIN_PROCESS_APP_DIR ?? ROOT;
const LAUNCH = join(import.meta.dirname, 'fake-electron', 'launch.ts');
export const BUILT_FILES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

export interface LaunchOptions {
  /** The fake user's home (shared by two launches to test the single-instance lock). */
  home?: string;
  /** An administrator policy, written to a file the unpackaged app reads (BEACON_POLICY_FILE). */
  policy?: Record<string, unknown>;
  args?: string[];
  env?: Record<string, string>;
  /** Hold `ready` until `emitReady()`. */
  deferReady?: boolean;
  packaged?: boolean;
  /** The OS the app believes it runs on (its `process.platform` branches). */
  platform?: 'win32' | 'darwin' | 'linux';
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built main process, running under the fake Electron in a child process of its own. */
export class MainProcess {
  readonly exited: Promise<Exit>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private output = '';
  private exit: Exit | null = null;

  private constructor(
    readonly child: ChildProcess,
    readonly home: string,
    private readonly ownsHome: boolean,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    child.on('error', () => undefined);
    child.on('message', (message: ControlReply | { launched: true }) => {
      if ('launched' in message) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error));
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        for (const waiter of this.pending.values())
          waiter.reject(new Error(`main process exited (${code ?? signal})`));
        this.pending.clear();
        resolve(this.exit);
      });
    });
  }

  static launch(options: LaunchOptions = {}): MainProcess {
    for (const file of BUILT_FILES) {
      if (!existsSync(join(APP_DIR, file)))
        throw new Error(`${file} is missing: run \`npm run build:electron\` first`);
    }
    const ownsHome = options.home === undefined;
    const home = options.home ?? mkdtempSync(join(tmpdir(), 'beacon-main-'));
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      FAKE_ELECTRON_HOME: home,
      ...(options.deferReady ? { FAKE_ELECTRON_DEFER_READY: '1' } : {}),
      ...(options.packaged ? { FAKE_ELECTRON_PACKAGED: '1' } : {}),
      ...(options.platform ? { FAKE_ELECTRON_PLATFORM: options.platform } : {}),
      ...options.env,
    };
    // The launching shell's own values must not leak in (npm start sets some of these).
    for (const key of ['BEACON_E2E', 'BEACON_SERVER_URL', 'BEACON_USER_DATA_DIR', 'ELECTRON_RENDERER_URL']) {
      if (!options.env || !(key in options.env)) delete env[key];
    }
    const policyFile = join(home, 'policy.json');
    if (options.policy) writeFileSync(policyFile, JSON.stringify(options.policy));
    env.BEACON_POLICY_FILE = policyFile;
    const child = fork(LAUNCH, [APP_DIR, ...(options.args ?? [])], {
      cwd: ROOT,
      env,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new MainProcess(child, home, ownsHome);
  }

  /** Everything the process printed (electron-log's console transport included). */
  get log(): string {
    return this.output;
  }

  get hasExited(): Exit | null {
    return this.exit;
  }

  call<T = unknown>(op: string, ...args: unknown[]): Promise<T> {
    if (this.exit)
      return Promise.reject(new Error(`main process exited (${this.exit.code ?? this.exit.signal})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, op, args }, (error) => {
        if (!error) return;
        this.pending.delete(id);
        reject(new Error(`main process unreachable: ${error.message}`));
      });
    });
  }

  state(): Promise<RuntimeSnapshot> {
    return this.call<RuntimeSnapshot>('state');
  }

  /** Calls `window.beacon[method](...args)` in the simulated page. */
  bridge<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    return this.call<T>('bridge', method, args);
  }

  /** Polls the state until the predicate holds (main-process work is asynchronous). */
  async waitFor<T>(
    what: string,
    pick: (state: RuntimeSnapshot) => T | null | undefined | false | Promise<T | null | undefined | false>,
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: RuntimeSnapshot | null = null;
    while (Date.now() < deadline) {
      last = await this.state();
      const value = pick(last);
      const settled = await value;
      if (settled !== null && settled !== undefined && settled !== false) return settled;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `timed out waiting for ${what}\n--- state ---\n${JSON.stringify(last, null, 1).slice(0, 4000)}\n--- log ---\n${this.output.slice(-4000)}`,
    );
  }

  /** Waits until the page is loaded and `window.beacon` exists. */
  async pageReady(): Promise<RuntimeSnapshot> {
    await this.waitFor('the page with window.beacon', (state) => state.page?.bridgeMethods.length);
    return this.state();
  }

  /** Host → page events received since the page loaded, by bridge method (onStatusRequest…). */
  async hostEvents(method: string): Promise<unknown[][]> {
    const state = await this.state();
    return (state.page?.hostEvents ?? [])
      .filter((event) => event.method === method)
      .map((event) => event.args);
  }

  /** The state the process wrote as it exited. */
  finalState(): RuntimeSnapshot {
    return JSON.parse(
      readFileSync(join(this.home, `final-state-${this.child.pid}.json`), 'utf8'),
    ) as RuntimeSnapshot;
  }

  async stop(): Promise<void> {
    if (!this.exit) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    if (this.ownsHome) rmSync(this.home, { recursive: true, force: true });
  }
}

export function presence(status: string, extra: Record<string, unknown> = {}) {
  return { userId: 'u-alice', status, message: null, idleSince: null, updatedAt: Date.now(), ...extra };
}

/**
 * Launches for one test: the process is stopped (and its home removed) when the test ends.
 * Pass the test's own context so concurrent tests clean up only their own processes.
 */
export function launchMain(
  context: { onTestFinished(fn: () => Promise<void>): void },
  options?: LaunchOptions,
): MainProcess {
  const main = MainProcess.launch(options);
  context.onTestFinished(() => main.stop());
  return main;
}

/** Signs the simulated page in: the server's presence for the user, as the renderer reports it. */
export async function signedIn(main: MainProcess, status = 'available'): Promise<void> {
  await main.pageReady();
  await main.bridge('reportPresence', presence(status));
  await main.waitFor(`the tray to show ${status}`, (state) => state.tray?.menu.find((item) => item.checked));
}

/** The status requests the host sent the page so far (what the renderer would send the server). */
export async function statusRequests(main: MainProcess): Promise<Array<Record<string, unknown>>> {
  return (await main.hostEvents('onStatusRequest')).map((args) => args[0] as Record<string, unknown>);
}

/** The device activity reports the host sent the page so far (what the renderer sends as `device:activity`). */
export async function deviceActivities(main: MainProcess): Promise<Array<Record<string, unknown>>> {
  return (await main.hostEvents('onDeviceActivity')).map((args) => args[0] as Record<string, unknown>);
}

/** Waits for the n-th device activity report (idle is polled every 10 s) and returns it. */
export async function nextDeviceActivity(main: MainProcess, count: number): Promise<Record<string, unknown>> {
  return main.waitFor(
    `device activity report #${count}`,
    async () => (await deviceActivities(main))[count - 1],
    25_000,
  );
}

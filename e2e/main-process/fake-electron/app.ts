import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Core, preventableEvent } from './core';

export interface AppOptions {
  /** The folder holding the app's package.json (what `electron <folder>` was given). */
  appPath: string;
  /** The fake user's home; appData is `<home>/.config` as on Linux. */
  home: string;
  isPackaged: boolean;
  /** The closing steps that must run before the process exits (windows, tray…). */
  closeWindows(): boolean;
  exit(code: number): void;
}

const SINGLETON_DIR = 'FakeSingleton';

/**
 * `app`: paths, ready, the single-instance lock (across processes, keyed by the userData
 * folder, as Chromium's process singleton is), and Electron's quit sequence.
 */
export class FakeApp extends EventEmitter {
  readonly name: string;
  private readonly version: string;
  private readonly paths = new Map<string, string>();
  private readonly readyPromise: Promise<void>;
  private resolveReady: () => void = () => undefined;
  private lock: { dir: string; timer: ReturnType<typeof setInterval> } | null = null;
  private readonly pendingSecondInstances: unknown[][] = [];
  loginItem = { openAtLogin: false, openAsHidden: false, args: [] as string[] };
  badgeCount = 0;
  /** macOS dock badge text (`app.dock.setBadge`). */
  dockBadge = '';
  appUserModelId: string | null = null;

  constructor(
    private readonly core: Core,
    private readonly options: AppOptions,
  ) {
    super();
    const pkg = JSON.parse(readFileSync(join(options.appPath, 'package.json'), 'utf8')) as {
      name: string;
      productName?: string;
      version: string;
    };
    this.name = pkg.productName ?? pkg.name;
    this.version = pkg.version;
    const appData = join(options.home, '.config');
    this.paths.set('home', options.home);
    this.paths.set('appData', appData);
    this.paths.set('userData', join(appData, this.name));
    this.paths.set('temp', join(options.home, 'tmp'));
    this.paths.set('exe', process.execPath);
    this.paths.set('desktop', join(options.home, 'Desktop'));
    this.paths.set('downloads', join(options.home, 'Downloads'));
    this.paths.set('documents', join(options.home, 'Documents'));
    this.readyPromise = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
  }

  get isPackaged(): boolean {
    return this.options.isPackaged;
  }

  getName(): string {
    return this.name;
  }

  getVersion(): string {
    return this.version;
  }

  getLocale(): string {
    return 'en-US';
  }

  getPreferredSystemLanguages(): string[] {
    return ['en-US'];
  }

  getAppPath(): string {
    return this.options.appPath;
  }

  getPath(name: string): string {
    if (name === 'logs') return this.paths.get('logs') ?? join(this.getPath('userData'), 'logs');
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  setPath(name: string, path: string): void {
    this.core.record('app.setPath', { name, path });
    if (!this.paths.has(name) && name !== 'logs')
      throw new Error(`Failed to set path: unknown name '${name}'`);
    this.paths.set(name, path);
  }

  isReady(): boolean {
    return this.core.ready;
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  enableSandbox(): void {
    this.core.record('app.enableSandbox');
    this.core.requireNotReady('app.enableSandbox()');
  }

  setAppUserModelId(id: string): void {
    this.core.record('app.setAppUserModelId', id);
    this.appUserModelId = id;
  }

  setLoginItemSettings(settings: { openAtLogin?: boolean; openAsHidden?: boolean; args?: string[] }): void {
    this.core.record('app.setLoginItemSettings', settings);
    this.loginItem = { ...this.loginItem, ...settings };
  }

  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin, wasOpenedAtLogin: false };
  }

  setBadgeCount(count: number): boolean {
    this.badgeCount = count;
    return true;
  }

  getBadgeCount(): number {
    return this.badgeCount;
  }

  /** `app.dock` exists on macOS only (undefined elsewhere, as in Electron). */
  get dock(): { setBadge(text: string): void; getBadge(): string } | undefined {
    if (process.platform !== 'darwin') return undefined;
    return {
      setBadge: (text: string) => {
        if (typeof text !== 'string') throw new TypeError('app.dock.setBadge: text must be a string');
        this.dockBadge = text;
      },
      getBadge: () => this.dockBadge,
    };
  }

  focus(): void {}

  /**
   * Chromium's process singleton: the first process holding `<userData>` wins; a later one
   * hands its argv to the first (which emits `second-instance`, never before `ready`) and
   * gets false.
   */
  requestSingleInstanceLock(additionalData?: unknown): boolean {
    this.core.record('app.requestSingleInstanceLock');
    const dir = join(this.getPath('userData'), SINGLETON_DIR);
    mkdirSync(join(dir, 'messages'), { recursive: true });
    const owner = join(dir, 'owner');
    if (existsSync(owner)) {
      const pid = Number(readFileSync(owner, 'utf8'));
      if (pid !== process.pid && isAlive(pid)) {
        const message = { argv: process.argv, cwd: process.cwd(), additionalData: additionalData ?? null };
        writeFileSync(join(dir, 'messages', `${Date.now()}-${process.pid}.json`), JSON.stringify(message));
        return false;
      }
    }
    writeFileSync(owner, String(process.pid));
    const timer = setInterval(() => this.readSecondInstances(dir), 50);
    timer.unref();
    this.lock = { dir, timer };
    return true;
  }

  /** Second launches received before `ready`, waiting to be emitted right after it. */
  get pendingSecondInstanceCount(): number {
    return this.pendingSecondInstances.length;
  }

  hasSingleInstanceLock(): boolean {
    return this.lock !== null;
  }

  releaseSingleInstanceLock(): void {
    if (!this.lock) return;
    clearInterval(this.lock.timer);
    rmSync(join(this.lock.dir, 'owner'), { force: true });
    this.lock = null;
  }

  /** Called by the runtime once the main script has run: `will-finish-launching`, `ready`. */
  emitReady(): void {
    this.emit('will-finish-launching');
    this.core.markReady();
    this.core.record('app.ready');
    this.emit('ready', preventableEvent(), {});
    this.resolveReady();
    for (const args of this.pendingSecondInstances.splice(0)) this.emit('second-instance', ...args);
  }

  /** Electron's order: before-quit → every window's close (any veto cancels) → will-quit → quit. */
  quit(): void {
    this.core.record('app.quit');
    if (this.core.quitting) return;
    const beforeQuit = preventableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.core.quitting = true;
    if (!this.options.closeWindows()) {
      this.core.quitting = false;
      this.core.record('app.quit-cancelled');
      return;
    }
    const willQuit = preventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.core.quitting = false;
      return;
    }
    this.emit('quit', preventableEvent(), 0);
    this.exit(0);
  }

  exit(code = 0): void {
    this.core.record('app.exit', code);
    this.releaseSingleInstanceLock();
    this.options.exit(code);
  }

  private readSecondInstances(dir: string): void {
    const inbox = join(dir, 'messages');
    let files: string[];
    try {
      files = readdirSync(inbox).sort();
    } catch {
      return;
    }
    for (const file of files) {
      const path = join(inbox, file);
      let message: { argv: string[]; cwd: string; additionalData: unknown };
      try {
        message = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        continue;
      }
      rmSync(path, { force: true });
      const args = [preventableEvent(), message.argv, message.cwd, message.additionalData];
      if (this.core.ready) this.emit('second-instance', ...args);
      else this.pendingSecondInstances.push(args);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

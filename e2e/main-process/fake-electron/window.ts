import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { type Core, ipcClone, preventableEvent } from './core';
import type { FakeIpcMain } from './ipc';
import { FakePage, type PageLoad } from './page';
import type { FakeSession } from './session';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowDeps {
  core: Core;
  ipcMain: FakeIpcMain;
  session: () => FakeSession;
  emitAppEvent(name: string, ...args: unknown[]): void;
}

type WebPreferences = Record<string, unknown> & { preload?: string };

let nextId = 1;

/** A window's web contents: loads through the session's protocol handlers into a FakePage. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  private destroyed = false;
  page: FakePage | null = null;
  readonly loads: PageLoad[] = [];
  /** Every channel sent to the page, for assertions (e.g. nothing of electron-log's). */
  readonly sentChannels: string[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  private url = '';

  constructor(
    private readonly deps: WindowDeps,
    readonly webPreferences: WebPreferences,
  ) {
    super();
  }

  get session(): FakeSession {
    return this.deps.session();
  }

  getURL(): string {
    return this.url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isCrashed(): boolean {
    return false;
  }

  isLoading(): boolean {
    return false;
  }

  async loadURL(url: string): Promise<void> {
    this.deps.core.record('webContents.loadURL', url);
    this.page?.dispose();
    this.page = null;
    this.emit('did-start-loading');
    const load = await this.deps.session().fetchPage(url);
    this.loads.push(load);
    if (load.error) {
      this.emit('did-fail-load', preventableEvent(), -302, load.error, url, true);
      throw new Error(`ERR_FAILED (-2) loading '${url}': ${load.error}`);
    }
    this.url = url;
    this.page = new FakePage({
      core: this.deps.core,
      contents: this,
      ipcMain: this.deps.ipcMain,
      url,
      webPreferences: this.webPreferences,
    });
    this.emit('did-navigate', preventableEvent(), url, load.status, 'OK');
    this.emit('dom-ready');
    this.page.runPreload();
    this.emit('did-finish-load');
  }

  reload(): void {
    this.deps.core.record('webContents.reload');
    const url = this.url;
    void this.loadURL(url).catch(() => undefined);
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const cloned = ipcClone(args, `webContents.send('${channel}')`);
    this.sentChannels.push(channel);
    const page = this.page;
    setImmediate(() => page?.deliver(channel, cloned));
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** A navigation the page starts itself (a link, location.href): will-navigate can veto it. */
  navigateFromPage(url: string): { prevented: boolean } {
    const event = preventableEvent({ url });
    this.emit('will-navigate', event, url);
    return { prevented: event.defaultPrevented };
  }

  openWindowFromPage(url: string): { action: string } {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return { action: this.windowOpenHandler({ url }).action };
  }

  destroy(): void {
    this.page?.dispose();
    this.page = null;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** BrowserWindow: visibility, focus, bounds, close-to-tray and Electron's construction rules. */
export class FakeBrowserWindow extends EventEmitter {
  static readonly all = new Set<FakeBrowserWindow>();
  static deps: WindowDeps;

  readonly id: number;
  readonly webContents: FakeWebContents;
  readonly options: Record<string, unknown>;
  private visible = false;
  private focused = false;
  private minimized = false;
  private maximized = false;
  private destroyed = false;
  private bounds: Rectangle;
  flashing = false;
  overlay: { icon: string | null; description: string } | null = null;
  private shownOnce = false;

  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.all];
  }

  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((window) => window.focused) ?? null;
  }

  static fromWebContents(contents: FakeWebContents): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((window) => window.webContents === contents) ?? null;
  }

  constructor(options: Record<string, unknown> = {}) {
    super();
    const deps = FakeBrowserWindow.deps;
    deps.core.requireReady('BrowserWindow');
    const webPreferences = { ...((options.webPreferences as WebPreferences | undefined) ?? {}) };
    const preload = webPreferences.preload;
    if (preload !== undefined && (typeof preload !== 'string' || !isAbsolute(preload)))
      throw deps.core.violation(`webPreferences.preload must be an absolute path (got ${String(preload)})`);
    if (typeof preload === 'string' && !existsSync(preload))
      throw deps.core.violation(`webPreferences.preload does not exist: ${preload}`);
    this.options = ipcClone({ ...options, webPreferences }, 'BrowserWindow options');
    this.id = nextId++;
    this.bounds = {
      x: Number(options.x ?? 0),
      y: Number(options.y ?? 0),
      width: Number(options.width ?? 800),
      height: Number(options.height ?? 600),
    };
    this.webContents = new FakeWebContents(deps, webPreferences);
    FakeBrowserWindow.all.add(this);
    deps.core.record('new BrowserWindow');
    deps.emitAppEvent('web-contents-created', preventableEvent(), this.webContents);
    deps.emitAppEvent('browser-window-created', preventableEvent(), this);
    this.webContents.on('did-finish-load', () => {
      if (this.shownOnce) return;
      this.shownOnce = true;
      setImmediate(() => this.emit('ready-to-show'));
    });
    if (options.show !== false) this.show();
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  reload(): void {
    this.webContents.reload();
  }

  show(): void {
    this.assertAlive();
    const wasVisible = this.visible;
    this.visible = true;
    this.minimized = false;
    if (!wasVisible) this.emit('show');
    this.focus();
  }

  hide(): void {
    this.assertAlive();
    if (!this.visible) return;
    this.visible = false;
    this.blur();
    this.emit('hide');
  }

  focus(): void {
    this.assertAlive();
    if (this.focused) return;
    for (const other of FakeBrowserWindow.all) if (other !== this) other.blur();
    this.focused = true;
    this.emit('focus');
  }

  blur(): void {
    if (!this.focused) return;
    this.focused = false;
    this.emit('blur');
  }

  minimize(): void {
    this.minimized = true;
    this.blur();
    this.emit('minimize');
  }

  restore(): void {
    this.minimized = false;
    this.emit('restore');
  }

  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }

  unmaximize(): void {
    this.maximized = false;
    this.emit('unmaximize');
  }

  isVisible(): boolean {
    return this.visible && !this.destroyed;
  }

  isFocused(): boolean {
    return this.focused && !this.destroyed;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  isFullScreen(): boolean {
    return false;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getBounds(): Rectangle {
    return { ...this.bounds };
  }

  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }

  setBounds(bounds: Partial<Rectangle>): void {
    this.bounds = { ...this.bounds, ...bounds };
    this.emit('resize');
  }

  flashFrame(flag: boolean): void {
    this.flashing = flag;
  }

  setOverlayIcon(icon: { path?: string } | null, description: string): void {
    this.overlay = { icon: icon?.path ?? null, description };
  }

  setMenuBarVisibility(): void {}

  /** The user (or the OS) closes the window: `close` may veto, else it is destroyed. */
  close(): boolean {
    if (this.destroyed) return true;
    const event = preventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.focused = false;
    FakeBrowserWindow.all.delete(this);
    this.webContents.destroy();
    this.emit('closed');
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
  }
}

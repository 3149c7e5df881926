import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ipcClone, preventableEvent } from './core';
import { FakeWebContents, nextObjectId, type WebPreferences, type WindowDeps } from './web-contents';

export type { WindowDeps } from './web-contents';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
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
    this.id = nextObjectId();
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

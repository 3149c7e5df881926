import { EventEmitter } from 'node:events';
import { type Core, ipcClone, preventableEvent } from './core';
import type { FakeIpcMain } from './ipc';
import { FakePage, type PageLoad } from './page';
import type { FakeSession } from './session';

export interface WindowDeps {
  core: Core;
  ipcMain: FakeIpcMain;
  session: () => FakeSession;
  emitAppEvent(name: string, ...args: unknown[]): void;
}

export type WebPreferences = Record<string, unknown> & { preload?: string };

let nextId = 1;

/** Ids shared by windows and web contents, as Electron's are unique per process. */
export function nextObjectId(): number {
  return nextId++;
}

/** A window's web contents: loads through the session's protocol handlers into a FakePage. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextObjectId();
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

  /** Starts a download without navigating; the session's `will-download` decides where it goes. */
  downloadURL(url: string, options?: { headers?: Record<string, string> }): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.deps.session().downloadURL(url, options, this);
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

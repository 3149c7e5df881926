import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import vm from 'node:vm';
import { type Core, ipcClone } from './core';
import type { FakeIpcMain } from './ipc';
import type { FakeWebContents } from './web-contents';

export interface PageLoad {
  url: string;
  status: number;
  contentType: string | null;
  contentSecurityPolicy: string | null;
  /** The page's own scripts and styles, fetched through the same protocol handler. */
  assets: Array<{ url: string; status: number; contentType: string | null }>;
  error?: string;
}

export interface HostEvent {
  method: string;
  args: unknown[];
}

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Modules a sandboxed preload may require (Electron's sandbox polyfills). */
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url']);

/**
 * The renderer side of one page load: the real preload runs here as Electron runs a
 * sandboxed one (CommonJS, `require` limited to a few modules), its `contextBridge` object
 * becomes this page's `window.beacon`, and `ipcRenderer` talks to the fake ipcMain with
 * structured clones. The page's React app itself is not run (the web e2e tests cover it).
 */
export class FakePage {
  readonly world: Record<string, unknown> = {};
  readonly hostEvents: HostEvent[] = [];
  readonly errors: string[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private disposed = false;

  constructor(
    private readonly deps: {
      core: Core;
      contents: FakeWebContents;
      ipcMain: FakeIpcMain;
      url: string;
      webPreferences: Record<string, unknown>;
    },
  ) {}

  get url(): string {
    return this.deps.url;
  }

  get bridge(): Record<string, unknown> | null {
    const beacon = this.world.beacon;
    return typeof beacon === 'object' && beacon !== null ? (beacon as Record<string, unknown>) : null;
  }

  runPreload(): void {
    const preload = this.deps.webPreferences.preload;
    if (typeof preload !== 'string') return;
    const sandboxed = this.deps.webPreferences.sandbox === true;
    const code = readFileSync(preload, 'utf8');
    const module = { exports: {} as unknown };
    const require = (id: string): unknown => {
      if (sandboxed && !SANDBOX_MODULES.has(id))
        throw this.deps.core.violation(`a sandboxed preload cannot require '${id}'`);
      if (id === 'electron') return this.rendererElectron();
      if (id === 'events') return { EventEmitter: class {} };
      if (id === 'timers') return { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate };
      if (id === 'url') return { URL, URLSearchParams };
      throw new Error(`Cannot find module '${id}'`);
    };
    const sandboxProcess = {
      platform: process.platform,
      arch: process.arch,
      env: {},
      argv: [],
      versions: { ...process.versions, electron: '41.7.1' },
      type: 'renderer',
      sandboxed,
      contextIsolated: this.deps.webPreferences.contextIsolation !== false,
    };
    try {
      // compileFunction parses CommonJS: an ES module preload (import/export) is a SyntaxError here,
      // exactly as in a sandboxed renderer.
      const run = vm.compileFunction(
        code,
        ['require', 'module', 'exports', '__filename', '__dirname', 'process', 'window', 'globalThis'],
        { filename: preload },
      );
      run(require, module, module.exports, preload, dirname(preload), sandboxProcess, {}, {});
    } catch (error) {
      const message = `preload failed: ${(error as Error).stack ?? String(error)}`;
      this.errors.push(message);
      this.deps.core.violations.push(message);
    }
    this.subscribeToHostEvents();
  }

  /** Calls `window.beacon[method](...args)` as the renderer does. */
  async callBridge(method: string, args: unknown[]): Promise<unknown> {
    const bridge = this.bridge;
    if (!bridge) throw new Error('window.beacon is missing: the preload did not expose it');
    const fn = bridge[method];
    if (typeof fn !== 'function') throw new Error(`window.beacon.${method} is not a function`);
    return await (fn as (...a: unknown[]) => unknown)(...args);
  }

  deliver(channel: string, args: unknown[]): void {
    if (this.disposed) return;
    const event = { sender: null, senderId: 0, ports: [] };
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private subscribeToHostEvents(): void {
    const bridge = this.bridge;
    if (!bridge) return;
    for (const [method, fn] of Object.entries(bridge)) {
      if (!/^on[A-Z]/.test(method) || typeof fn !== 'function') continue;
      (fn as (listener: (...args: unknown[]) => void) => unknown)((...args: unknown[]) => {
        this.hostEvents.push({ method, args });
      });
    }
  }

  private rendererElectron(): unknown {
    const page = this;
    const ipcMain = this.deps.ipcMain;
    const frame = () => ({ url: page.url, parent: null, top: null });
    const ipcRenderer = {
      send(channel: string, ...args: unknown[]): void {
        const cloned = ipcClone(args, `ipcRenderer.send('${channel}')`);
        setImmediate(() => {
          if (!page.disposed) ipcMain.receive(channel, page.deps.contents, frame(), cloned);
        });
      },
      invoke(channel: string, ...args: unknown[]): Promise<unknown> {
        const cloned = ipcClone(args, `ipcRenderer.invoke('${channel}')`);
        return ipcMain.invoke(channel, page.deps.contents, frame(), cloned);
      },
      on(channel: string, listener: Listener) {
        const set = page.listeners.get(channel) ?? new Set();
        set.add(listener);
        page.listeners.set(channel, set);
        return ipcRenderer;
      },
      once(channel: string, listener: Listener) {
        const wrapped: Listener = (event, ...args) => {
          ipcRenderer.removeListener(channel, wrapped);
          listener(event, ...args);
        };
        return ipcRenderer.on(channel, wrapped);
      },
      removeListener(channel: string, listener: Listener) {
        page.listeners.get(channel)?.delete(listener);
        return ipcRenderer;
      },
      off(channel: string, listener: Listener) {
        return ipcRenderer.removeListener(channel, listener);
      },
      removeAllListeners(channel?: string) {
        if (channel === undefined) page.listeners.clear();
        else page.listeners.delete(channel);
        return ipcRenderer;
      },
    };
    const contextBridge = {
      exposeInMainWorld(key: string, api: unknown): void {
        if (page.deps.webPreferences.contextIsolation === false)
          throw page.deps.core.violation(
            'contextBridge API can only be used when contextIsolation is enabled',
          );
        if (key in page.world) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
        page.world[key] = bridgeCopy(api);
      },
    };
    return { ipcRenderer, contextBridge, webFrame: { setZoomFactor() {} } };
  }
}

/** What crosses Electron's context bridge: copies of data, proxies of functions, promises. */
function bridgeCopy(value: unknown): unknown {
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => bridgeCopy(fn(...args.map(bridgeCopy)));
  }
  if (value instanceof Promise)
    return value.then(bridgeCopy, (error: unknown) => Promise.reject(bridgeError(error)));
  if (value instanceof Error) return bridgeError(value);
  if (Array.isArray(value)) return value.map(bridgeCopy);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = bridgeCopy(item);
    return copy;
  }
  return value;
}

function bridgeError(error: unknown): Error {
  return new Error(error instanceof Error ? error.message : String(error));
}

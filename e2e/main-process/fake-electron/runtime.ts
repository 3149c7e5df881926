import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FakeApp } from './app';
import { Core } from './core';
import { FakeIpcMain } from './ipc';
import { FakeSession, SchemeRegistry } from './session';
import {
  createSafeStorage,
  createScreen,
  createShell,
  FakeMenu,
  FakeNotification,
  FakePowerMonitor,
  FakeTray,
  nativeImage,
} from './system';
import { FakeBrowserWindow } from './window';

export const FAKE_ELECTRON = Symbol.for('beacon.fake-electron');

export interface RuntimeOptions {
  appPath: string;
  home: string;
  isPackaged: boolean;
}

/**
 * One fake Electron main process: the API object `require('electron')` returns, plus the
 * handles the control channel uses to play the OS and the user.
 */
export class FakeElectronRuntime {
  readonly core = new Core();
  readonly app: FakeApp;
  readonly ipcMain: FakeIpcMain;
  readonly schemes: SchemeRegistry;
  readonly powerMonitor: FakePowerMonitor;
  readonly shell: ReturnType<typeof createShell>;
  readonly autoUpdater = new EventEmitter();
  private defaultSession: FakeSession | null = null;
  readonly api: Record<string, unknown>;

  constructor(options: RuntimeOptions) {
    const core = this.core;
    mkdirSync(options.home, { recursive: true });
    this.app = new FakeApp(core, {
      ...options,
      closeWindows: () => FakeBrowserWindow.getAllWindows().every((window) => window.close()),
      exit: (code) => {
        core.record('process.exit', code);
        setImmediate(() => process.exit(code));
      },
    });
    this.ipcMain = new FakeIpcMain(core);
    this.schemes = new SchemeRegistry(core);
    this.powerMonitor = new FakePowerMonitor(core);
    this.shell = createShell(core);
    FakeBrowserWindow.deps = {
      core,
      ipcMain: this.ipcMain,
      session: () => this.session,
      emitAppEvent: (name, ...args) => this.app.emit(name, ...args),
    };
    FakeTray.core = core;
    FakeNotification.core = core;
    // What Electron's own node sets in the main process.
    Object.assign(process, { type: 'browser', resourcesPath: join(options.home, 'electron', 'resources') });
    Object.assign(process.versions, { electron: '41.7.1', chrome: '146.0.0.0' });

    const runtime = this;
    const session = {
      get defaultSession() {
        return runtime.session;
      },
      fromPartition: () => runtime.session,
    };
    const protocol = {
      registerSchemesAsPrivileged: (schemes: never) => this.schemes.registerSchemesAsPrivileged(schemes),
      handle: (scheme: string, handler: never) => this.session.protocol.handle(scheme, handler),
      isProtocolHandled: (scheme: string) => this.session.protocol.isProtocolHandled(scheme),
    };
    this.api = {
      app: this.app,
      BrowserWindow: FakeBrowserWindow,
      ipcMain: this.ipcMain,
      Menu: FakeMenu,
      MenuItem: class {},
      Notification: FakeNotification,
      Tray: FakeTray,
      nativeImage,
      nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' }),
      powerMonitor: this.powerMonitor,
      protocol,
      safeStorage: createSafeStorage(core),
      screen: createScreen(core),
      session,
      shell: this.shell,
      dialog: {
        showErrorBox: (title: string, content: string) =>
          core.record('dialog.showErrorBox', { title, content }),
        showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
      },
      systemPreferences: {
        getUserDefault: () => undefined,
        on: () => undefined,
      },
      autoUpdater: this.autoUpdater,
      webContents: {
        getAllWebContents: () => FakeBrowserWindow.getAllWindows().map((window) => window.webContents),
        fromId: (id: number) =>
          FakeBrowserWindow.getAllWindows().find((window) => window.webContents.id === id)?.webContents,
      },
      crashReporter: { start: () => undefined },
      net: {
        request: () => {
          throw new Error('the fake Electron has no network');
        },
      },
    };
  }

  get session(): FakeSession {
    this.core.requireReady('session');
    this.defaultSession ??= new FakeSession(this.core, this.schemes);
    return this.defaultSession;
  }

  /** The main window (the first BrowserWindow), if any. */
  get mainWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows()[0] ?? null;
  }

  get tray(): FakeTray | null {
    return [...FakeTray.all][0] ?? null;
  }

  snapshot() {
    const window = this.mainWindow;
    const page = window?.webContents.page ?? null;
    return {
      ready: this.core.ready,
      quitting: this.core.quitting,
      calls: this.core.calls,
      violations: this.core.violations,
      window: window && {
        visible: window.isVisible(),
        focused: window.isFocused(),
        minimized: window.isMinimized(),
        flashing: window.flashing,
        overlay: window.overlay,
        options: window.options,
        url: window.webContents.getURL(),
        loads: window.webContents.loads,
        sentChannels: window.webContents.sentChannels,
      },
      windowCount: FakeBrowserWindow.getAllWindows().length,
      page: page && {
        url: page.url,
        errors: page.errors,
        bridgeMethods: Object.keys(page.bridge ?? {}),
        worldKeys: Object.keys(page.world),
        hostEvents: page.hostEvents,
      },
      tray: this.tray?.describe() ?? null,
      notifications: FakeNotification.shown.map((notification) => notification.describe()),
      appMenu: FakeMenu.applicationMenu?.describe() ?? null,
      badgeCount: this.app.badgeCount,
      dockBadge: this.app.dockBadge,
      downloads: this.defaultSession?.downloads.records ?? [],
      pendingSecondInstances: this.app.pendingSecondInstanceCount,
      opened: this.shell.opened,
      loginItem: this.app.loginItem,
      listeners: {
        power: this.powerMonitor.listenerTotal(),
        ipcHandlers: this.ipcMain.handledChannels,
        ipcListeners: this.ipcMain.eventNames().map(String),
        app: Object.fromEntries(
          this.app.eventNames().map((name) => [String(name), this.app.listenerCount(name)]),
        ),
      },
    };
  }
}

export type RuntimeSnapshot = ReturnType<FakeElectronRuntime['snapshot']>;

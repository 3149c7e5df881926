import { BrowserWindow, type Rectangle, screen } from 'electron';
import { type EventName, type EventPayloads, eventChannels } from '../../common/ipc';
import { errorMessage, type Logger } from '../logger';
import type { MainWindowPort } from '../shell/ports';
import type { LocalStateStore } from '../storage/local-state';
import { MIN_WINDOW_SIZE, restoreWindowState, type WindowState } from '../window/window-state';
import { appIconPath } from './assets';

export interface MainWindowOptions {
  preloadPath: string;
  entryUrl: string;
  state: LocalStateStore;
  startHidden: boolean;
  /** True once the user chose Quit: closing then really closes. */
  isQuitting(): boolean;
  /** The first time the window hides to the tray instead of closing. */
  onFirstHideToTray(): void;
  onFocus(): void;
  /** The page (re)loaded: whatever the renderer reported before is gone. */
  onPageLoad(): void;
  log: Logger;
}

const SAVE_DELAY_MS = 500;

/** The one app window: secure web preferences, remembered placement, closes to the tray. */
export class MainWindow implements MainWindowPort {
  readonly browserWindow: BrowserWindow;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: MainWindowOptions) {
    const placement = restoreWindowState(
      options.state.get().window,
      screen.getAllDisplays().map((display) => display.workArea),
      screen.getPrimaryDisplay().workArea,
    );
    this.browserWindow = new BrowserWindow({
      ...placement.bounds,
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
      show: false,
      title: 'Beacon',
      icon: process.platform === 'linux' ? appIconPath() : undefined,
      autoHideMenuBar: true,
      backgroundColor: '#1f2430',
      webPreferences: {
        preload: options.preloadPath,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        spellcheck: true,
        // A middle click must not open links in new windows behind the window-open handler's back.
        disableBlinkFeatures: 'Auxclick',
      },
    });
    const win = this.browserWindow;
    if (placement.maximized) win.maximize();

    win.once('ready-to-show', () => {
      if (!options.startHidden) win.show();
    });
    win.on('close', (event) => {
      this.saveNow();
      if (options.isQuitting()) return;
      event.preventDefault();
      win.hide();
      options.onFirstHideToTray();
    });
    win.on('focus', () => options.onFocus());
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) {
      win.on(event as 'resize', () => this.saveSoon());
    }
    win.webContents.on('did-navigate', () => options.onPageLoad());
    win.webContents.on('render-process-gone', (_event, details) => {
      options.log.error('renderer process gone; reloading', { reason: details.reason });
      if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.reload();
    });
    win.loadURL(options.entryUrl).catch((error: unknown) => {
      options.log.error('cannot load the app page', { url: options.entryUrl, error: errorMessage(error) });
    });
  }

  show(): void {
    const win = this.browserWindow;
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  hide(): void {
    if (!this.browserWindow.isDestroyed()) this.browserWindow.hide();
  }

  isVisible(): boolean {
    return !this.browserWindow.isDestroyed() && this.browserWindow.isVisible();
  }

  isFocused(): boolean {
    return !this.browserWindow.isDestroyed() && this.browserWindow.isFocused();
  }

  isMinimized(): boolean {
    return !this.browserWindow.isDestroyed() && this.browserWindow.isMinimized();
  }

  send<N extends EventName>(name: N, payload: EventPayloads[N]): void {
    const win = this.browserWindow;
    if (win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(eventChannels[name], payload);
  }

  flashFrame(flash: boolean): void {
    if (!this.browserWindow.isDestroyed()) this.browserWindow.flashFrame(flash);
  }

  private saveSoon(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  private saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const win = this.browserWindow;
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    const bounds: Rectangle = win.getNormalBounds();
    const state: WindowState = { bounds, maximized: win.isMaximized() };
    this.options.state.update({ window: state }).catch((error: unknown) => {
      this.options.log.warn('cannot save the window placement', { error: errorMessage(error) });
    });
  }
}

import type { ServedFile } from './downloads';
import type { FakeOsState } from './os-modules';
import type { FakeElectronRuntime } from './runtime';
import { FakeNotification } from './system';

/** A request from the test process over the fork IPC channel. */
export interface ControlRequest {
  id: number;
  op: string;
  args: unknown[];
}

export type ControlReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

/**
 * What the test can do to the faked process: play the OS (idle time, power events), the user
 * (tray, notifications, window) and the page (calls on `window.beacon`, reloads), and read
 * everything back.
 */
export function controlOperations(
  runtime: FakeElectronRuntime,
  os: FakeOsState,
): Record<string, (...args: never[]) => unknown> {
  const page = () => {
    const current = runtime.mainWindow?.webContents.page;
    if (!current) throw new Error('no page is loaded');
    return current;
  };
  return {
    state: () => runtime.snapshot(),
    setOs: (patch: Partial<FakeOsState>) => {
      Object.assign(os, patch);
    },
    emitReady: () => runtime.app.emitReady(),
    bridge: (method: string, args: unknown[]) => page().callBridge(method, args),
    reload: () =>
      new Promise<void>((resolve) => {
        const contents = runtime.mainWindow?.webContents;
        if (!contents) throw new Error('no window');
        contents.once('did-finish-load', () => resolve());
        contents.reload();
      }),
    setIdleSeconds: (seconds: number) => {
      runtime.powerMonitor.idleSeconds = seconds;
    },
    powerEvent: (event: string) => runtime.powerMonitor.emit(event),
    clickTrayItem: (label: string) => {
      const item = runtime.tray?.menu?.find(label);
      if (!item) throw new Error(`no tray menu item "${label}"`);
      item.click();
    },
    clickTray: () => runtime.tray?.emit('click'),
    clickAppMenuItem: (label: string) => {
      const menu = (
        runtime.api.Menu as { applicationMenu: { find(label: string): { click(): void } | null } }
      ).applicationMenu;
      const item = menu?.find(label);
      if (!item) throw new Error(`no app menu item "${label}"`);
      item.click();
    },
    clickNotification: (id: number) => {
      const notification = FakeNotification.shown.find((entry) => entry.id === id);
      if (!notification) throw new Error(`no notification ${id}`);
      notification.click();
    },
    windowAction: (action: 'close' | 'blur' | 'focus' | 'minimize' | 'hide' | 'show') => {
      const window = runtime.mainWindow;
      if (!window) throw new Error('no window');
      if (action === 'close') return window.close();
      window[action]();
      return true;
    },
    navigate: (url: string) => runtime.mainWindow?.webContents.navigateFromPage(url),
    openWindow: (url: string) => runtime.mainWindow?.webContents.openWindowFromPage(url),
    requestPermission: (permission: string, url: string) =>
      runtime.session.requestPermission(permission, url),
    /** What the fake server answers for a download of `url`. */
    serveDownload: (url: string, file: ServedFile) => {
      runtime.session.downloads.served.set(url, file);
    },
  };
}

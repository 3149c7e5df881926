import type { MainWindow } from '../adapters/main-window';
import type { ElectronTray } from '../adapters/tray';
import type { DesktopShell } from '../shell/desktop-shell';
import {
  E2E_GLOBAL,
  type E2eHooks,
  findTrayCommand,
  type RecordedNotifications,
  type ScriptedPower,
} from './e2e-hooks';

export interface E2eParts {
  shell: DesktopShell;
  tray: ElectronTray;
  power: ScriptedPower;
  notifications: RecordedNotifications;
  window: MainWindow;
}

/** Puts the test controls on globalThis of the main process (BEACON_E2E=1 only). */
export function installE2eHooks({ shell, tray, power, notifications, window }: E2eParts): void {
  const hooks: E2eHooks = {
    tray: () => tray.current,
    clickTrayItem: (label) => {
      const command = findTrayCommand(tray.current, label);
      if (!command) throw new Error(`no enabled tray menu item "${label}"`);
      shell.handleTrayCommand(command);
    },
    setSystemIdleSeconds: (seconds) => {
      power.setIdleSeconds(seconds);
      shell.idle.poll();
    },
    powerEvent: (event) => power.emit(event),
    idle: () => shell.idle.snapshot(),
    deviceActivity: () => shell.deviceActivity,
    notifications: () => notifications.list(),
    clickNotification: (conversationId) => {
      if (!notifications.click(conversationId)) throw new Error(`no notification for ${conversationId}`);
    },
    hideWindow: () => window.hide(),
    isWindowVisible: () => window.isVisible(),
  };
  (globalThis as Record<string, unknown>)[E2E_GLOBAL] = hooks;
}

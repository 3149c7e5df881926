import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { app } from 'electron';
import { linuxAutostartEntry, linuxAutostartPath, loginItemSettings } from '../lifecycle/login-item';
import { errorMessage, type Logger } from '../logger';
import { writeFileAtomic } from '../storage/json-file';

/** Registers (or removes) Beacon as a login item. Only for a packaged app: never the dev Electron. */
export async function applyLaunchAtLogin(openAtLogin: boolean, log: Logger): Promise<void> {
  if (!app.isPackaged) return;
  try {
    if (process.platform === 'linux') {
      const path = linuxAutostartPath(process.env, homedir());
      // Inside an AppImage, process.execPath is in a temporary mount; APPIMAGE is the real file.
      const executable = process.env.APPIMAGE ?? process.execPath;
      if (openAtLogin) await writeFileAtomic(path, linuxAutostartEntry(executable));
      else await rm(path, { force: true });
      return;
    }
    app.setLoginItemSettings(loginItemSettings(openAtLogin));
  } catch (error) {
    log.error('cannot change the login item', { openAtLogin, error: errorMessage(error) });
  }
}

export function wasOpenedAtLogin(): boolean {
  if (process.platform !== 'darwin') return false;
  try {
    return app.getLoginItemSettings().wasOpenedAtLogin === true;
  } catch {
    return false;
  }
}

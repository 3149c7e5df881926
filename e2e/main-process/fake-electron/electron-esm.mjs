// What `import { app, … } from 'electron'` gets under the fake (see electron-hooks.mjs).
const electron = globalThis[Symbol.for('beacon.fake-electron')];
if (!electron) throw new Error('the fake Electron runtime is not installed');

export const {
  app,
  autoUpdater,
  BrowserWindow,
  crashReporter,
  dialog,
  ipcMain,
  Menu,
  MenuItem,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  systemPreferences,
  Tray,
  webContents,
} = electron;
export default electron;

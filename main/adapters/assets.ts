import { join } from 'node:path';
import { app, type NativeImage, nativeImage } from 'electron';
import type { OverlayIconName } from '../badge/badge-model';
import type { TrayIconName } from '../tray/tray-model';

/** assets/ in development; copied next to app.asar (extraResources) in a packaged app. */
export function assetsDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'assets') : join(app.getAppPath(), 'assets');
}

/**
 * Tray icon for a status. Electron picks the @2x file on high-DPI screens by itself; on
 * macOS the monochrome "Template" images adapt to light and dark menu bars.
 */
export function trayIcon(name: TrayIconName, platform: NodeJS.Platform = process.platform): NativeImage {
  const file =
    platform === 'darwin' ? join('tray', 'mac', `${name}Template.png`) : join('tray', `${name}.png`);
  return nativeImage.createFromPath(join(assetsDir(), file));
}

export function overlayIcon(name: OverlayIconName): NativeImage {
  return nativeImage.createFromPath(join(assetsDir(), 'overlay', `${name}.png`));
}

export function appIconPath(): string {
  return join(assetsDir(), 'icon.png');
}

import { app, type BrowserWindow } from 'electron';
import type { BadgeModel } from '../badge/badge-model';
import type { BadgePort } from '../shell/ports';
import { overlayIcon } from './assets';

/** macOS dock badge text; Linux launcher count; the taskbar overlay icon on Windows. */
export class ElectronBadge implements BadgePort {
  constructor(private readonly window: () => BrowserWindow | null) {}

  apply(model: BadgeModel): void {
    if (process.platform === 'win32') {
      const window = this.window();
      if (!window || window.isDestroyed()) return;
      if (model.overlay) window.setOverlayIcon(overlayIcon(model.overlay.icon), model.overlay.description);
      else window.setOverlayIcon(null, '');
      return;
    }
    // The dock takes text, so a mention can show as "@2"; setBadgeCount only takes numbers.
    if (process.platform === 'darwin' && app.dock) {
      app.dock.setBadge(model.dockText);
      return;
    }
    // Linux: only some launchers (Unity, KDE with the launcher API) show it; harmless elsewhere.
    app.setBadgeCount(model.count);
  }
}

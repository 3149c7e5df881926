import { Menu, type MenuItemConstructorOptions, Tray } from 'electron';
import type { TrayPort } from '../shell/ports';
import type { TrayCommand, TrayModel } from '../tray/tray-model';
import { trayIcon } from './assets';

/** The system tray icon; renders the tray model and reports menu choices as commands. */
export class ElectronTray implements TrayPort {
  private readonly tray: Tray;
  private lastIcon: string | null = null;
  private model: TrayModel | null = null;

  constructor(
    private readonly onCommand: (command: TrayCommand) => void,
    private readonly onActivate: () => void,
  ) {
    this.tray = new Tray(trayIcon('offline'));
    // Windows and Linux: a click opens Beacon, the context menu is on right click.
    if (process.platform !== 'darwin') this.tray.on('click', () => this.onActivate());
  }

  render(model: TrayModel): void {
    this.model = model;
    if (model.icon !== this.lastIcon) {
      this.tray.setImage(trayIcon(model.icon));
      this.lastIcon = model.icon;
    }
    this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate(model.menu.map((item) => this.toMenuItem(item))));
  }

  /** The current model (the end-to-end test hook reads it). */
  get current(): TrayModel | null {
    return this.model;
  }

  destroy(): void {
    this.tray.destroy();
  }

  private toMenuItem(item: TrayModel['menu'][number]): MenuItemConstructorOptions {
    if (item.type === 'separator') return { type: 'separator' };
    const { command } = item;
    return {
      type: item.type,
      label: item.label,
      enabled: item.enabled,
      ...(item.type === 'radio' ? { checked: item.checked } : {}),
      click: () => this.onCommand(command),
    };
  }
}

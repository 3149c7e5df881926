import type { MenuItemConstructorOptions } from 'electron';
import { ENGLISH, type Translate } from '../../common/i18n';

export interface AppMenuActions {
  openWindow(): void;
  quit(): void;
}

/**
 * The application menu. Quit is always there (Cmd+Q / Ctrl+Q), because closing the window
 * only hides Beacon to the tray. Developer tools and reload only in development.
 */
export function buildAppMenuTemplate(
  platform: NodeJS.Platform,
  actions: AppMenuActions,
  development: boolean,
  t: Translate = ENGLISH,
): MenuItemConstructorOptions[] {
  const quit: MenuItemConstructorOptions = {
    label: platform === 'darwin' ? t('appMenu.quitBeacon') : t('appMenu.quit'),
    accelerator: 'CmdOrCtrl+Q',
    click: () => actions.quit(),
  };
  const view: MenuItemConstructorOptions = {
    label: t('appMenu.view'),
    submenu: [
      ...(development
        ? ([
            { role: 'reload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };

  if (platform === 'darwin') {
    return [
      {
        label: 'Beacon',
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          quit,
        ],
      },
      edit,
      view,
      {
        label: t('appMenu.window'),
        submenu: [
          { role: 'minimize' },
          { role: 'zoom' },
          { type: 'separator' },
          { label: 'Beacon', accelerator: 'CmdOrCtrl+0', click: () => actions.openWindow() },
        ],
      },
    ];
  }
  return [
    {
      label: t('appMenu.file'),
      submenu: [
        { label: t('appMenu.openBeacon'), click: () => actions.openWindow() },
        { role: 'close', label: t('appMenu.closeToTray') },
        { type: 'separator' },
        quit,
      ],
    },
    edit,
    view,
  ];
}

import type { MenuItemConstructorOptions } from 'electron';

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
): MenuItemConstructorOptions[] {
  const quit: MenuItemConstructorOptions = {
    label: platform === 'darwin' ? 'Quit Beacon' : 'Quit',
    accelerator: 'CmdOrCtrl+Q',
    click: () => actions.quit(),
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
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
        label: 'Window',
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
      label: '&File',
      submenu: [
        { label: 'Open Beacon', click: () => actions.openWindow() },
        { role: 'close', label: 'Close to tray' },
        { type: 'separator' },
        quit,
      ],
    },
    edit,
    view,
  ];
}

import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildAppMenuTemplate } from './app-menu';
import { LAUNCHED_AT_LOGIN_ARG, shouldStartHidden } from './launch';
import { linuxAutostartEntry, linuxAutostartPath, loginItemSettings } from './login-item';

function findQuit(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (typeof item.label === 'string' && /^Quit/.test(item.label)) return item;
    if (Array.isArray(item.submenu)) {
      const found = findQuit(item.submenu);
      if (found) return found;
    }
  }
  return undefined;
}

describe('buildAppMenuTemplate', () => {
  it.each(['darwin', 'win32', 'linux'] as const)('has Quit with Cmd/Ctrl+Q on %s', (platform) => {
    const quit = vi.fn();
    const template = buildAppMenuTemplate(platform, { openWindow: vi.fn(), quit }, false);
    const item = findQuit(template);
    expect(item?.accelerator).toBe('CmdOrCtrl+Q');
    (item?.click as (() => void) | undefined)?.();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('has developer tools only in development', () => {
    const roles = (dev: boolean) =>
      JSON.stringify(buildAppMenuTemplate('linux', { openWindow: vi.fn(), quit: vi.fn() }, dev));
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('starts with the app menu on macOS', () => {
    const template = buildAppMenuTemplate('darwin', { openWindow: vi.fn(), quit: vi.fn() }, false);
    expect(template[0]?.label).toBe('Beacon');
  });
});

describe('shouldStartHidden', () => {
  it('starts hidden only when launched at login with the setting on', () => {
    expect(
      shouldStartHidden({
        argv: ['beacon', LAUNCHED_AT_LOGIN_ARG],
        wasOpenedAtLogin: false,
        settings: { startHidden: true },
      }),
    ).toBe(true);
    expect(
      shouldStartHidden({ argv: ['beacon'], wasOpenedAtLogin: true, settings: { startHidden: true } }),
    ).toBe(true);
    expect(
      shouldStartHidden({ argv: ['beacon'], wasOpenedAtLogin: false, settings: { startHidden: true } }),
    ).toBe(false);
    expect(
      shouldStartHidden({
        argv: ['beacon', LAUNCHED_AT_LOGIN_ARG],
        wasOpenedAtLogin: false,
        settings: { startHidden: false },
      }),
    ).toBe(false);
  });
});

describe('login item', () => {
  it('passes the at-login flag on Windows/macOS', () => {
    expect(loginItemSettings(true)).toEqual({ openAtLogin: true, args: [LAUNCHED_AT_LOGIN_ARG] });
    expect(loginItemSettings(false)).toEqual({ openAtLogin: false, args: [] });
  });

  it('writes an XDG autostart entry on Linux', () => {
    expect(linuxAutostartPath({}, '/home/alice')).toBe('/home/alice/.config/autostart/beacon.desktop');
    expect(linuxAutostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/alice')).toBe(
      '/cfg/autostart/beacon.desktop',
    );
    const entry = linuxAutostartEntry('/opt/Beacon/beacon');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain(`Exec=/opt/Beacon/beacon ${LAUNCHED_AT_LOGIN_ARG}`);
  });

  it('quotes an executable path with spaces or special characters', () => {
    expect(linuxAutostartEntry('/home/a b/Beacon $1.AppImage')).toContain(
      `Exec="/home/a b/Beacon \\$1.AppImage" ${LAUNCHED_AT_LOGIN_ARG}`,
    );
  });
});

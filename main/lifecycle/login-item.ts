import { join } from 'node:path';
import { LAUNCHED_AT_LOGIN_ARG } from './launch';

/** What to pass to app.setLoginItemSettings on Windows and macOS. */
export function loginItemSettings(openAtLogin: boolean): { openAtLogin: boolean; args: string[] } {
  return { openAtLogin, args: openAtLogin ? [LAUNCHED_AT_LOGIN_ARG] : [] };
}

/** Linux has no login-item API: an XDG autostart entry does it (~/.config/autostart). */
export function linuxAutostartPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configHome =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(configHome, 'autostart', 'beacon.desktop');
}

export function linuxAutostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Beacon',
    'Comment=Enterprise instant messenger',
    `Exec=${quoteExec(executable)} ${LAUNCHED_AT_LOGIN_ARG}`,
    'Icon=beacon',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Desktop Entry Exec quoting: double quotes around, with ", `, $ and \ escaped. */
function quoteExec(path: string): string {
  return /[\s"'`$\\]/.test(path) ? `"${path.replace(/(["`$\\])/g, '\\$1')}"` : path;
}

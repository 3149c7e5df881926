import type { UserSettings } from '../../common/bridge';

/** Passed by the login item on Windows and Linux so Beacon knows it was started at login. */
export const LAUNCHED_AT_LOGIN_ARG = '--launched-at-login';

export interface LaunchContext {
  argv: readonly string[];
  /** macOS reports it itself (app.getLoginItemSettings().wasOpenedAtLogin). */
  wasOpenedAtLogin: boolean;
  settings: Pick<UserSettings, 'startHidden'>;
}

/** Started at login with "start hidden" on: stay in the tray instead of showing the window. */
export function shouldStartHidden({ argv, wasOpenedAtLogin, settings }: LaunchContext): boolean {
  const atLogin = wasOpenedAtLogin || argv.includes(LAUNCHED_AT_LOGIN_ARG);
  return atLogin && settings.startHidden;
}

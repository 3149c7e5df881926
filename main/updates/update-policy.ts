export interface UpdateContext {
  isPackaged: boolean;
  autoUpdate: boolean;
  autoUpdateLocked: boolean;
  platform: NodeJS.Platform;
  /** Set by the AppImage runtime; electron-updater can only replace an AppImage on Linux. */
  appImagePath: string | undefined;
  /** A feed from the policy (`updateUrl`) or app-update.yml from the build's `publish` config. */
  hasFeed: boolean;
}

export type UpdateDecision = { enabled: true } | { enabled: false; reason: string };

export function decideUpdates(context: UpdateContext): UpdateDecision {
  if (!context.autoUpdate) {
    return {
      enabled: false,
      reason: context.autoUpdateLocked ? 'disabled by administrator policy' : 'disabled in settings',
    };
  }
  if (!context.isPackaged) return { enabled: false, reason: 'not a packaged build' };
  if (context.platform === 'linux' && !context.appImagePath) {
    return { enabled: false, reason: 'installed by a package manager; updates come from it' };
  }
  if (!context.hasFeed) return { enabled: false, reason: 'no update feed configured' };
  return { enabled: true };
}

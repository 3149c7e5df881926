import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { errorMessage, type Logger } from '../logger';
import type { ManagedPolicy } from '../settings/policy';
import type { SettingsStore } from '../settings/settings-store';
import { decideUpdates } from '../updates/update-policy';

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * electron-updater: checks at start and every six hours, downloads in the background and
 * installs on quit. Off when the policy or the user says so, or in an unpackaged build.
 */
export class Updater {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly policy: ManagedPolicy,
    private readonly log: Logger,
  ) {}

  /** Starts or stops checking to match the current settings. */
  apply(): void {
    const { autoUpdater } = electronUpdater;
    const view = this.settings.view;
    const decision = decideUpdates({
      isPackaged: app.isPackaged,
      autoUpdate: view.values.autoUpdate,
      autoUpdateLocked: view.locked.includes('autoUpdate'),
      platform: process.platform,
      appImagePath: process.env.APPIMAGE,
      hasFeed: this.policy.updateUrl !== null || existsSync(join(process.resourcesPath, 'app-update.yml')),
    });
    if (!decision.enabled) {
      if (this.timer) this.log.info('automatic updates stopped', { reason: decision.reason });
      else this.log.info('automatic updates off', { reason: decision.reason });
      this.stop();
      autoUpdater.autoDownload = false;
      autoUpdater.autoInstallOnAppQuit = false;
      return;
    }
    if (this.timer) return;
    autoUpdater.logger = {
      info: (message?: unknown) => this.log.info(`updater: ${String(message)}`),
      warn: (message?: unknown) => this.log.warn(`updater: ${String(message)}`),
      error: (message?: unknown) => this.log.error(`updater: ${String(message)}`),
      debug: () => undefined,
    };
    if (this.policy.updateUrl) autoUpdater.setFeedURL({ provider: 'generic', url: this.policy.updateUrl });
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    const check = () => {
      autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => {
        this.log.warn('update check failed', { error: errorMessage(error) });
      });
    };
    check();
    this.timer = setInterval(check, CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

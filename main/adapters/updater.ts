import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { systemScheduler } from '../idle/idle-monitor';
import type { Logger } from '../logger';
import type { ManagedPolicy } from '../settings/policy';
import type { SettingsStore } from '../settings/settings-store';
import { decideUpdates } from '../updates/update-policy';
import { type UpdaterLike, UpdateService } from '../updates/update-service';

/** electron-updater's updater for this OS (NsisUpdater, MacUpdater, AppImageUpdater…), created on first use. */
export function createElectronUpdater(): UpdaterLike {
  return electronUpdater.autoUpdater;
}

/**
 * Automatic updates in the app: the rules are in updates/update-policy.ts (whether) and
 * updates/update-service.ts (checks, downloads, logging); this only supplies Electron's facts
 * and electron-updater's updater. Off when the policy or the user says so, or in an
 * unpackaged build.
 */
export class Updater {
  readonly service: UpdateService;

  constructor(
    private readonly settings: SettingsStore,
    private readonly policy: ManagedPolicy,
    log: Logger,
  ) {
    this.service = new UpdateService({
      createUpdater: createElectronUpdater,
      scheduler: systemScheduler,
      log,
      feedUrl: policy.updateUrl,
    });
  }

  /** Starts or stops checking to match the current settings. */
  apply(): void {
    const view = this.settings.view;
    this.service.apply(
      decideUpdates({
        isPackaged: app.isPackaged,
        autoUpdate: view.values.autoUpdate,
        autoUpdateLocked: view.locked.includes('autoUpdate'),
        platform: process.platform,
        appImagePath: process.env.APPIMAGE,
        hasFeed: this.policy.updateUrl !== null || existsSync(join(process.resourcesPath, 'app-update.yml')),
      }),
    );
  }

  stop(): void {
    this.service.stop();
  }
}

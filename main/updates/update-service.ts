import type { Scheduler } from '../idle/idle-monitor';
import { errorMessage, type Logger } from '../logger';
import type { UpdateDecision } from './update-policy';

/** The part of electron-updater's UpdateInfo the service reads. */
export interface UpdateInfoLike {
  version: string;
}

export interface UpdateCheckResultLike {
  isUpdateAvailable?: boolean;
  updateInfo: UpdateInfoLike;
  /** Set when an update was found and `autoDownload` is on. */
  downloadPromise?: Promise<unknown> | null;
}

/** electron-updater's logger interface. */
export interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
  debug?(message: string): void;
}

/** The subset of electron-updater's AppUpdater the service uses (the real one in the app and the feed test). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: UpdaterLogger | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<UpdateCheckResultLike | null>;
  on(event: 'update-available' | 'update-not-available', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'update-downloaded', listener: (event: UpdateInfoLike) => void): unknown;
  on(event: 'error', listener: (error: Error, message?: string) => void): unknown;
}

export type UpdateCheckOutcome =
  | { kind: 'up-to-date'; latest: string }
  | { kind: 'available'; version: string; downloading: boolean }
  /** electron-updater declined to check (not packaged, not an AppImage): it logs why. */
  | { kind: 'inactive' }
  | { kind: 'failed'; error: string };

export interface UpdateServiceOptions {
  /** Creates electron-updater's updater (called once, on the first enable). */
  createUpdater(): UpdaterLike;
  scheduler: Scheduler;
  log: Logger;
  /** The policy's `updateUrl` (a generic feed); null: the build's app-update.yml. */
  feedUrl: string | null;
  /** Download found updates in the background and install them on quit (default true). */
  autoDownload?: boolean;
  checkEveryMs?: number;
}

export const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Automatic updates: checks at once when enabled and then every six hours, downloads in the
 * background, installs on quit. Every failure (no feed, 404, a broken latest.yml, no network,
 * an updater that cannot even be created) becomes one clear log line; nothing throws, no
 * promise is left rejected, and the next scheduled check runs as usual.
 */
export class UpdateService {
  private updater: UpdaterLike | null = null;
  private creationFailed = false;
  private timer: unknown = null;
  private state: string | null = null;
  private running: Promise<UpdateCheckOutcome> | null = null;
  private checking = false;
  private downloadedVersion: string | null = null;

  constructor(private readonly options: UpdateServiceOptions) {}

  /** Starts or stops checking to follow update-policy.ts's decision. */
  apply(decision: UpdateDecision): void {
    if (!decision.enabled) {
      const state = `off: ${decision.reason}`;
      if (this.timer !== null)
        this.options.log.info('automatic updates stopped', { reason: decision.reason });
      else if (this.state !== state)
        this.options.log.info('automatic updates off', { reason: decision.reason });
      this.state = state;
      this.stop();
      if (this.updater) {
        this.updater.autoDownload = false;
        this.updater.autoInstallOnAppQuit = false;
      }
      return;
    }
    if (this.timer !== null) return;
    const updater = this.ensureUpdater();
    if (!updater) return;
    const download = this.options.autoDownload ?? true;
    updater.autoDownload = download;
    updater.autoInstallOnAppQuit = download;
    const everyMs = this.options.checkEveryMs ?? CHECK_EVERY_MS;
    this.state = 'on';
    this.options.log.info('automatic updates on', {
      feed: this.feedDescription,
      everyHours: Math.round((everyMs / 3_600_000) * 100) / 100,
    });
    void this.checkNow();
    this.timer = this.options.scheduler.setInterval(() => void this.checkNow(), everyMs);
  }

  stop(): void {
    if (this.timer !== null) this.options.scheduler.clearInterval(this.timer);
    this.timer = null;
  }

  /** The check under way (tests wait for it), else null. */
  get pendingCheck(): Promise<UpdateCheckOutcome> | null {
    return this.running;
  }

  /** The version downloaded and waiting for the next quit, if any. */
  get downloaded(): string | null {
    return this.downloadedVersion;
  }

  /** Checks now (a check already under way is joined). Never rejects. */
  checkNow(): Promise<UpdateCheckOutcome> {
    if (this.running) return this.running;
    const updater = this.ensureUpdater();
    if (!updater) return Promise.resolve({ kind: 'failed', error: 'the updater could not be created' });
    const check = this.check(updater).finally(() => {
      this.running = null;
    });
    this.running = check;
    return check;
  }

  private async check(updater: UpdaterLike): Promise<UpdateCheckOutcome> {
    const log = this.options.log;
    this.checking = true;
    let result: UpdateCheckResultLike | null;
    try {
      result = await updater.checkForUpdates();
    } catch (error) {
      const summary = describeUpdateError(error);
      log.warn(`update check failed: ${summary}`, { feed: this.feedDescription });
      return { kind: 'failed', error: summary };
    } finally {
      this.checking = false;
    }
    if (!result) {
      log.info('update check skipped: electron-updater is inactive for this build');
      return { kind: 'inactive' };
    }
    const version = String(result.updateInfo?.version ?? '');
    if (!result.isUpdateAvailable) {
      log.info('update check: up to date', { latest: version });
      return { kind: 'up-to-date', latest: version };
    }
    const download = result.downloadPromise ?? null;
    // electron-updater reports a failed download with an 'error' event (logged there) and
    // also rejects this promise: handled here so that it is never an unhandled rejection.
    download?.catch(() => undefined);
    log.info(`update ${version} available`, { downloading: download !== null });
    return { kind: 'available', version, downloading: download !== null };
  }

  private ensureUpdater(): UpdaterLike | null {
    if (this.updater || this.creationFailed) return this.updater;
    const log = this.options.log;
    try {
      const updater = this.options.createUpdater();
      updater.logger = {
        info: (message?: unknown) => log.info(`electron-updater: ${String(message)}`),
        warn: (message?: unknown) => log.warn(`electron-updater: ${String(message)}`),
        // Failures get their own clear line (below, and in check()); this is the detail.
        error: (message?: unknown) => log.warn(`electron-updater: ${firstLine(String(message))}`),
        debug: () => undefined,
      };
      updater.on('update-downloaded', (event) => {
        this.downloadedVersion = String(event?.version ?? '');
        log.info(`update ${this.downloadedVersion} downloaded; it installs when Beacon quits`);
      });
      updater.on('error', (error) => {
        // During a check the rejection is logged by check(); this is a failed download.
        if (!this.checking) log.warn(`update download failed: ${describeUpdateError(error)}`);
      });
      if (this.options.feedUrl) updater.setFeedURL({ provider: 'generic', url: this.options.feedUrl });
      this.updater = updater;
      return updater;
    } catch (error) {
      this.creationFailed = true;
      log.error(
        `automatic updates unavailable: cannot set up electron-updater: ${describeUpdateError(error)}`,
      );
      return null;
    }
  }

  private get feedDescription(): string {
    return this.options.feedUrl ?? 'app-update.yml (build publish config)';
  }
}

/** "ERR_UPDATER_CHANNEL_FILE_NOT_FOUND: Cannot find channel …" — the code and the first line. */
export function describeUpdateError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = firstLine(errorMessage(error)).slice(0, 300);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.trim() ?? '';
}

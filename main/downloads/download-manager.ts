import { basename } from 'node:path';
import type { DownloadResult } from '../../common/bridge';
import { ENGLISH, type Translate } from '../../common/i18n';
import type { Logger } from '../logger';
import { NotificationCenter, type NotificationPort } from '../notifications/notification-center';
import { safeFileName, uniqueFilePath } from './download-names';

export type DownloadState = DownloadResult['state'];

/** One of Electron's DownloadItems, as seen in `will-download` (adapters/downloads.ts). */
export interface DownloadItemPort {
  /** The URL the download was started with (before any redirect). */
  readonly url: string;
  /** The name Chromium derived (Content-Disposition, else the URL). */
  readonly suggestedName: string;
  /** Only works during `will-download`; without it Electron would ask with a Save dialog. */
  setSavePath(path: string): void;
  cancel(): void;
  onDone(listener: (state: DownloadState) => void): void;
}

/** What the manager needs from Electron and the OS. */
export interface DownloadsPort {
  /** Starts a download in the app window's session (`webContents.downloadURL`). */
  start(url: string, headers: Record<string, string>): void;
  downloadsFolder(): string;
  exists(path: string): boolean;
  showInFolder(path: string): void;
}

export interface DownloadManagerOptions {
  port: DownloadsPort;
  notifications: NotificationPort;
  /** Notifications turned off in Settings: no "Downloaded" notification (the page still hears). */
  notificationsEnabled(): boolean;
  /** The current UI language's translator (default English). */
  translate?(): Translate;
  /** A download the page started itself (a blob: link of the app's page) may be saved too. */
  isPageDownload(url: string): boolean;
  log: Logger;
}

interface Requested {
  url: string;
  name: string | null;
  resolve(result: DownloadResult): void;
}

const KEPT_DOWNLOADS = 200;

/**
 * Downloads into the user's Downloads folder, never through a Save dialog or a window: a unique
 * name when the file exists (or another download is writing it), a notification "Downloaded
 * <name>" whose click shows the file in its folder. The session token travels only as the
 * request's Authorization header and is never logged. The page learns a download id, not a path.
 */
export class DownloadManager {
  private readonly requested: Requested[] = [];
  private readonly writing = new Set<string>();
  private readonly finished = new Map<string, string>();
  private readonly notices: NotificationCenter;
  private nextId = 1;

  constructor(private readonly options: DownloadManagerOptions) {
    this.notices = new NotificationCenter(options.notifications, (id) => this.revealQuietly(id));
  }

  /** Downloads `url` with the token; resolves when it completed, failed or was cancelled. */
  download(request: { url: string; name: string | null; token: string }): Promise<DownloadResult> {
    return new Promise((resolve) => {
      this.requested.push({ url: request.url, name: request.name, resolve });
      this.options.log.info('download requested', { url: request.url });
      try {
        this.options.port.start(request.url, { Authorization: `Bearer ${request.token}` });
      } catch (error) {
        this.takeRequest(request.url);
        this.options.log.warn('download could not start', { url: request.url, error: String(error) });
        resolve({ downloadId: this.newId(), name: request.name ?? '', state: 'interrupted' });
      }
    });
  }

  /** Electron's `will-download`, for every download of the app's session. */
  willDownload(item: DownloadItemPort): void {
    const request = this.takeRequest(item.url);
    if (!request && !this.options.isPageDownload(item.url)) {
      this.options.log.warn('download refused: not started by Beacon', { url: item.url });
      item.cancel();
      return;
    }
    const name = safeFileName(request?.name ?? item.suggestedName);
    const path = uniqueFilePath(
      this.options.port.downloadsFolder(),
      name,
      (candidate) => this.writing.has(candidate) || this.options.port.exists(candidate),
    );
    this.writing.add(path);
    item.setSavePath(path);
    const id = this.newId();
    const savedName = basename(path);
    item.onDone((state) => {
      this.writing.delete(path);
      if (state === 'completed') this.completed(id, path, savedName);
      else this.options.log.warn('download did not complete', { url: item.url, state });
      request?.resolve({ downloadId: id, name: savedName, state });
    });
  }

  /** Shows a finished download in the file manager; unknown ids are refused. */
  showInFolder(downloadId: string): void {
    const path = this.finished.get(downloadId);
    if (!path) throw new Error('no such download');
    this.options.port.showInFolder(path);
  }

  private completed(id: string, path: string, name: string): void {
    this.finished.set(id, path);
    if (this.finished.size > KEPT_DOWNLOADS) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
    this.options.log.info('download completed', { id });
    if (!this.options.notificationsEnabled()) return;
    const t = this.options.translate?.() ?? ENGLISH;
    this.notices.show(id, {
      title: t('notifications.downloaded', { name }),
      body: t('notifications.showInFolder'),
      silent: true,
    });
  }

  private revealQuietly(id: string): void {
    try {
      this.showInFolder(id);
    } catch (error) {
      this.options.log.warn('cannot show the download', { id, error: String(error) });
    }
  }

  private takeRequest(url: string): Requested | null {
    const index = this.requested.findIndex((entry) => entry.url === url);
    if (index < 0) return null;
    return this.requested.splice(index, 1)[0] ?? null;
  }

  private newId(): string {
    return `dl-${this.nextId++}`;
  }
}

import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { type Core, preventableEvent } from './core';

/** What the fake "server" answers for a URL (set by the test with the `serveDownload` operation). */
export interface ServedFile {
  status: number;
  body: string;
  /** The Content-Disposition name; without it Chromium names the file after the URL. */
  filename?: string;
  /** When set, a request without exactly this Authorization header gets a 401. */
  authorization?: string;
}

export interface DownloadRecord {
  url: string;
  headers: Record<string, string>;
  savePath: string | null;
  state: 'progressing' | 'completed' | 'cancelled' | 'interrupted';
  /** The HTTP status the fake server answered. */
  status: number;
}

type DownloadState = 'completed' | 'cancelled' | 'interrupted';

/**
 * Electron's DownloadItem: `setSavePath` works only inside the session's `will-download`
 * handler (a later call is ignored by Electron; recorded here as a violation); without a save
 * path Electron shows a Save dialog, which the fake records as a violation too.
 */
export class FakeDownloadItem extends EventEmitter {
  private savePath: string | null = null;
  private inWillDownload = true;
  private state: DownloadRecord['state'] = 'progressing';

  constructor(
    private readonly core: Core,
    readonly record: DownloadRecord,
    private readonly served: ServedFile | null,
  ) {
    super();
  }

  getURL(): string {
    return this.record.url;
  }

  getURLChain(): string[] {
    return [this.record.url];
  }

  getFilename(): string {
    return (
      this.served?.filename ?? decodeURIComponent(new URL(this.record.url).pathname.split('/').pop() ?? '')
    );
  }

  getMimeType(): string {
    return 'application/octet-stream';
  }

  getTotalBytes(): number {
    return Buffer.byteLength(this.served?.body ?? '');
  }

  getReceivedBytes(): number {
    return this.state === 'completed' ? this.getTotalBytes() : 0;
  }

  getState(): DownloadRecord['state'] {
    return this.state;
  }

  setSavePath(path: string): void {
    this.core.record('DownloadItem.setSavePath', path);
    if (!this.inWillDownload) {
      this.core.violations.push(
        'DownloadItem.setSavePath called outside the will-download handler (ignored)',
      );
      return;
    }
    if (!isAbsolute(path))
      throw this.core.violation(`DownloadItem.setSavePath needs an absolute path (${path})`);
    this.savePath = path;
    this.record.savePath = path;
  }

  getSavePath(): string {
    return this.savePath ?? '';
  }

  cancel(): void {
    if (this.state !== 'progressing') return;
    this.finish('cancelled');
  }

  /** After `will-download` returned: Chromium fetches the file, or asks where to save it. */
  run(prevented: boolean): void {
    this.inWillDownload = false;
    if (this.state !== 'progressing') return;
    if (prevented) {
      this.finish('cancelled');
      return;
    }
    if (this.savePath === null) {
      this.core.violations.push(`download of ${this.record.url} would open a Save dialog (no setSavePath)`);
      this.finish('cancelled');
      return;
    }
    const served = this.served;
    const authorized =
      served?.authorization === undefined || this.record.headers.Authorization === served.authorization;
    const status = !served ? 404 : authorized ? served.status : 401;
    this.record.status = status;
    if (status < 200 || status >= 300 || !served) {
      this.finish('interrupted');
      return;
    }
    mkdirSync(dirname(this.savePath), { recursive: true });
    writeFileSync(this.savePath, served.body);
    this.emit('updated', preventableEvent(), 'progressing');
    this.finish('completed');
  }

  private finish(state: DownloadState): void {
    this.state = state;
    this.record.state = state;
    this.emit('done', preventableEvent(), state);
  }
}

/** The session's downloads: `downloadURL` → `will-download` → the item runs. */
export class FakeDownloads {
  readonly served = new Map<string, ServedFile>();
  readonly records: DownloadRecord[] = [];

  constructor(private readonly core: Core) {}

  start(
    url: string,
    options: { headers?: Record<string, string> } | undefined,
    emitWillDownload: (event: { preventDefault(): void }, item: FakeDownloadItem) => void,
  ): void {
    this.core.record('downloadURL', url);
    const headers = options?.headers ?? {};
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string') throw new TypeError(`downloadURL: header ${name} must be a string`);
    }
    const record: DownloadRecord = {
      url,
      headers: { ...headers },
      savePath: null,
      state: 'progressing',
      status: 0,
    };
    this.records.push(record);
    const item = new FakeDownloadItem(this.core, record, this.served.get(url) ?? null);
    setImmediate(() => {
      const event = preventableEvent();
      emitWillDownload(event, item);
      setImmediate(() => item.run(event.defaultPrevented));
    });
  }
}

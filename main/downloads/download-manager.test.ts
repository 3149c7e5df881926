import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordedNotifications } from '../testing/e2e-hooks';
import { FakeDownloads, RecordingLogger } from '../testing/fakes';
import { type DownloadItemPort, DownloadManager, type DownloadState } from './download-manager';

const FOLDER = FakeDownloads.FOLDER;
const TOKEN = 'secret-session-token';

class FakeItem implements DownloadItemPort {
  savePath: string | null = null;
  cancelled = false;
  private listener: ((state: DownloadState) => void) | null = null;

  constructor(
    readonly url: string,
    readonly suggestedName = 'f1',
  ) {}

  setSavePath(path: string): void {
    this.savePath = path;
  }

  cancel(): void {
    this.cancelled = true;
  }

  onDone(listener: (state: DownloadState) => void): void {
    this.listener = listener;
  }

  finish(state: DownloadState): void {
    this.listener?.(state);
  }
}

function setup(notificationsEnabled = true) {
  const port = new FakeDownloads();
  const notifications = new RecordedNotifications();
  const log = new RecordingLogger();
  const manager = new DownloadManager({
    port,
    notifications,
    notificationsEnabled: () => notificationsEnabled,
    isPageDownload: (url) => url.startsWith('blob:app://beacon/'),
    log,
  });
  return { port, notifications, log, manager };
}

const url = 'https://chat.acme.test/api/v1/files/f1';

describe('DownloadManager', () => {
  it('downloads with the token as a header into Downloads, then offers "Show in folder"', async () => {
    const { port, notifications, manager, log } = setup();
    const result = manager.download({ url, name: 'Q3 figures.xlsx', token: TOKEN });
    expect(port.started).toEqual([{ url, headers: { Authorization: `Bearer ${TOKEN}` } }]);
    const item = new FakeItem(url);
    manager.willDownload(item);
    expect(item.savePath).toBe(join(FOLDER, 'Q3 figures.xlsx'));
    item.finish('completed');
    const done = await result;
    expect(done).toEqual({
      downloadId: expect.stringMatching(/^dl-\d+$/),
      name: 'Q3 figures.xlsx',
      state: 'completed',
    });
    expect(notifications.list()).toEqual({
      [done.downloadId]: { title: 'Downloaded Q3 figures.xlsx', body: 'Show in folder', silent: true },
    });
    notifications.click(done.downloadId);
    expect(port.revealed).toEqual([join(FOLDER, 'Q3 figures.xlsx')]);
    manager.showInFolder(done.downloadId);
    expect(port.revealed).toHaveLength(2);
    expect(JSON.stringify(log.lines)).not.toContain(TOKEN);
  });

  it('picks a unique name when the file exists or another download is writing it', async () => {
    const { port, manager } = setup();
    port.files.add(join(FOLDER, 'report.pdf'));
    const first = manager.download({ url, name: 'report.pdf', token: TOKEN });
    const second = manager.download({ url, name: 'report.pdf', token: TOKEN });
    const [a, b] = [new FakeItem(url), new FakeItem(url)];
    manager.willDownload(a);
    manager.willDownload(b);
    expect(a.savePath).toBe(join(FOLDER, 'report (1).pdf'));
    expect(b.savePath).toBe(join(FOLDER, 'report (2).pdf'));
    a.finish('completed');
    b.finish('completed');
    expect((await first).name).toBe('report (1).pdf');
    expect((await second).name).toBe('report (2).pdf');
  });

  it('never lets a name leave the Downloads folder', () => {
    const { manager } = setup();
    void manager.download({ url, name: '../../.bashrc', token: TOKEN });
    const item = new FakeItem(url);
    manager.willDownload(item);
    expect(item.savePath).toBe(join(FOLDER, 'bashrc'));
  });

  it('uses the server’s name for a link without one', () => {
    const { manager } = setup();
    void manager.download({ url, name: null, token: TOKEN });
    const item = new FakeItem(url, 'minutes.docx');
    manager.willDownload(item);
    expect(item.savePath).toBe(join(FOLDER, 'minutes.docx'));
  });

  it('reports a failed or cancelled download, without a notification', async () => {
    const { manager, notifications, log } = setup();
    const result = manager.download({ url, name: 'a.txt', token: TOKEN });
    const item = new FakeItem(url);
    manager.willDownload(item);
    item.finish('interrupted');
    const done = await result;
    expect(done.state).toBe('interrupted');
    expect(notifications.list()).toEqual({});
    expect(() => manager.showInFolder(done.downloadId)).toThrow('no such download');
    expect(log.messages('warn')).toContain('download did not complete');
    // The name is free again for the next try.
    void manager.download({ url, name: 'a.txt', token: TOKEN });
    const retry = new FakeItem(url);
    manager.willDownload(retry);
    expect(retry.savePath).toBe(join(FOLDER, 'a.txt'));
  });

  it('saves a blob the page downloads itself, and cancels downloads Beacon did not start', () => {
    const { manager, log } = setup();
    const blob = new FakeItem('blob:app://beacon/6f1c', 'notes.txt');
    manager.willDownload(blob);
    expect(blob.savePath).toBe(join(FOLDER, 'notes.txt'));
    const stranger = new FakeItem('https://elsewhere.test/malware.exe');
    manager.willDownload(stranger);
    expect(stranger.cancelled).toBe(true);
    expect(stranger.savePath).toBeNull();
    expect(log.messages('warn')).toContain('download refused: not started by Beacon');
  });

  it('shows no notification with notifications turned off, but still answers the page', async () => {
    const { manager, notifications } = setup(false);
    const result = manager.download({ url, name: 'a.txt', token: TOKEN });
    const item = new FakeItem(url);
    manager.willDownload(item);
    item.finish('completed');
    expect((await result).state).toBe('completed');
    expect(notifications.list()).toEqual({});
  });

  it('answers "interrupted" when Electron refuses to start the download', async () => {
    const { port, manager } = setup();
    port.start = () => {
      throw new Error('Object has been destroyed');
    };
    expect((await manager.download({ url, name: 'a.txt', token: TOKEN })).state).toBe('interrupted');
  });
});

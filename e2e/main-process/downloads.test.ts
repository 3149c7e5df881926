import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchMain, type MainProcess, signedIn } from './harness';

const SERVER = 'https://chat.acme.test';
const TOKEN = 'tok-e2e-never-in-a-log';
const FILE_URL = `${SERVER}/api/v1/files/f1`;

async function signedInWithSession(main: MainProcess): Promise<void> {
  await signedIn(main, 'available');
  await main.bridge('saveSession', {
    serverUrl: SERVER,
    token: TOKEN,
    userId: 'u-alice',
    email: 'alice@acme.test',
    expiresAt: null,
  });
  await main.call('serveDownload', FILE_URL, {
    status: 200,
    body: 'Q3 figures',
    filename: 'f1',
    authorization: `Bearer ${TOKEN}`,
  });
}

interface DownloadResult {
  downloadId: string;
  name: string;
  state: string;
}

const revealed = async (main: MainProcess) =>
  (await main.state()).calls
    .filter((call) => call.api === 'shell.showItemInFolder')
    .map((call) => call.detail);

describe('downloads', () => {
  it('downloads a file with the token into Downloads under a unique name; "Show in folder"', async (context) => {
    const main = launchMain(context);
    await signedInWithSession(main);
    const downloads = join(main.home, 'Downloads');
    mkdirSync(downloads, { recursive: true });
    writeFileSync(join(downloads, 'report.pdf'), 'an older file');

    const result = await main.bridge<DownloadResult>('downloadFile', { fileId: 'f1', name: 'report.pdf' });
    expect(result).toEqual({ downloadId: expect.any(String), name: 'report (1).pdf', state: 'completed' });
    const saved = join(downloads, 'report (1).pdf');
    expect(readFileSync(saved, 'utf8')).toBe('Q3 figures');
    expect(readFileSync(join(downloads, 'report.pdf'), 'utf8')).toBe('an older file');

    const state = await main.waitFor('the download notification', (s) =>
      s.notifications.find((notification) => notification.title === 'Downloaded report (1).pdf'),
    );
    expect(state).toMatchObject({ body: 'Show in folder', closed: false });
    await main.call('clickNotification', state.id);
    await main.waitFor('the folder shown', async () => (await revealed(main)).length === 1);
    await main.bridge('showDownloadInFolder', result.downloadId);
    expect(await revealed(main)).toEqual([saved, saved]);

    const after = await main.state();
    expect(after.downloads).toEqual([
      expect.objectContaining({ url: FILE_URL, savePath: saved, state: 'completed', status: 200 }),
    ]);
    expect(after.windowCount).toBe(1);
    expect(after.opened).toEqual([]);
    expect(after.violations).toEqual([]);
    expect(main.log).not.toContain(TOKEN);
  });

  it('answers "interrupted" for a file not downloadable yet, and refuses unknown ids and paths', async (context) => {
    const main = launchMain(context);
    await signedInWithSession(main);
    await main.call('serveDownload', `${SERVER}/api/v1/files/f-pending`, { status: 409, body: '{}' });
    const pending = await main.bridge<DownloadResult>('downloadFile', {
      fileId: 'f-pending',
      name: 'scan.zip',
    });
    expect(pending.state).toBe('interrupted');
    await expect(main.bridge('showDownloadInFolder', pending.downloadId)).rejects.toThrow(/no such download/);
    await expect(main.bridge('showDownloadInFolder', '/home/alice/.ssh/id_rsa')).rejects.toThrow(
      /invalid arguments/,
    );
    const state = await main.state();
    expect(state.notifications.filter((notification) => notification.title.startsWith('Downloaded'))).toEqual(
      [],
    );
    expect(state.violations).toEqual([]);
  });

  it('downloads a file link the page opens instead of opening a window or the browser', async (context) => {
    const main = launchMain(context);
    await signedInWithSession(main);
    expect(await main.call('openWindow', FILE_URL)).toEqual({ action: 'deny' });
    const state = await main.waitFor(
      'the link downloaded',
      (s) => s.downloads[0]?.state === 'completed' && s,
    );
    expect(state.downloads[0]).toMatchObject({ url: FILE_URL, savePath: join(main.home, 'Downloads', 'f1') });
    expect(state.opened).toEqual([]);
    expect(state.windowCount).toBe(1);
    expect(state.violations).toEqual([]);
  });
});

import { existsSync } from 'node:fs';
import { app, type BrowserWindow, type DownloadItem, type Event, type Session, shell } from 'electron';
import type { DownloadItemPort, DownloadManager, DownloadsPort } from '../downloads/download-manager';

/** Electron's side of downloads: start one in the window's session, the Downloads folder, the file manager. */
export function electronDownloads(window: () => BrowserWindow | null): DownloadsPort {
  return {
    start(url, headers) {
      const win = window();
      if (!win || win.isDestroyed()) throw new Error('the window is gone');
      // Headers of this one request only: the token never reaches any other request.
      win.webContents.downloadURL(url, { headers });
    },
    downloadsFolder: () => app.getPath('downloads'),
    exists: (path) => existsSync(path),
    showInFolder: (path) => shell.showItemInFolder(path),
  };
}

/** Every download of the session goes through the manager (`will-download`); returns the undo. */
export function handleDownloads(session: Session, manager: () => DownloadManager | null): () => void {
  const listener = (_event: Event, item: DownloadItem) => {
    const target = manager();
    if (target) target.willDownload(downloadItemPort(item));
    else item.cancel();
  };
  session.on('will-download', listener);
  return () => {
    session.removeListener('will-download', listener);
  };
}

function downloadItemPort(item: DownloadItem): DownloadItemPort {
  return {
    url: item.getURLChain()[0] ?? item.getURL(),
    suggestedName: item.getFilename(),
    setSavePath: (path) => item.setSavePath(path),
    cancel: () => item.cancel(),
    onDone: (listener) => {
      item.once('done', (_event, state) => listener(state));
    },
  };
}

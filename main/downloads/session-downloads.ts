import type { StoredSession } from '../../common/bridge';
import { fileDownloadUrl, fileIdOfDownloadLink } from '../../common/file-links';
import type { InvokeHandlers } from '../ipc/ipc-router';
import type { DownloadManager } from './download-manager';

/** The page's downloads of the signed-in server's files: the URL and token come from the session. */
export class SessionDownloads {
  constructor(
    readonly manager: DownloadManager,
    private readonly session: () => StoredSession | null,
  ) {}

  readonly handlers: Pick<InvokeHandlers, 'downloadFile' | 'showDownloadInFolder'> = {
    downloadFile: ({ fileId, name }) => {
      const session = this.session();
      if (!session) throw new Error('not signed in: sign in to download files');
      const url = fileDownloadUrl(session.serverUrl, fileId);
      return this.manager.download({ url, name, token: session.token });
    },
    showDownloadInFolder: async (downloadId) => {
      this.manager.showInFolder(downloadId);
      return undefined;
    },
  };

  /**
   * A link the page tried to open or navigate to: a file of the signed-in server is downloaded
   * (with the token) instead of being opened in a window. False: not such a link.
   */
  downloadLink(url: string): boolean {
    const session = this.session();
    const fileId = session ? fileIdOfDownloadLink(url, session.serverUrl) : null;
    if (!session || fileId === null) return false;
    const canonical = fileDownloadUrl(session.serverUrl, fileId);
    void this.manager.download({ url: canonical, name: null, token: session.token });
    return true;
  }
}

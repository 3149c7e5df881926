import type { DownloadRequest, DownloadResult, StoredSession } from '../../../common/bridge';
import { fileDownloadUrl } from '../../../common/file-links';

/**
 * The web page's download: the file is fetched with the session token (a link cannot send an
 * Authorization header), then saved by the browser through a plain `<a download>` link to the
 * blob. Failures answer `interrupted`, as the desktop does; the page words them.
 */
export async function downloadWithLink(
  win: Window,
  session: StoredSession | null,
  request: DownloadRequest,
  downloadId: string,
): Promise<DownloadResult> {
  if (!session) throw new Error('Sign in to download files.');
  const failed: DownloadResult = { downloadId, name: request.name, state: 'interrupted' };
  let blob: Blob;
  try {
    const response = await win.fetch(fileDownloadUrl(session.serverUrl, request.fileId), {
      headers: { authorization: `Bearer ${session.token}` },
    });
    if (!response.ok) return failed;
    blob = await response.blob();
  } catch {
    return failed;
  }
  const href = URL.createObjectURL(blob);
  const link = win.document.createElement('a');
  link.href = href;
  link.download = request.name;
  link.rel = 'noopener';
  link.style.display = 'none';
  win.document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The browser has taken the blob once the click ran; later revocation frees it.
    win.setTimeout(() => URL.revokeObjectURL(href), 60_000);
  }
  return { downloadId, name: request.name, state: 'completed' };
}

import { FILE_PATHS } from '@beacon/protocol';

/** `GET /api/v1/files/{id}` on the server the user is signed in to. */
export function fileDownloadUrl(serverUrl: string, fileId: string): string {
  return `${serverUrl.replace(/\/+$/, '')}${FILE_PATHS.download.replace(':id', encodeURIComponent(fileId))}`;
}

/**
 * The file id when `url` is a download link of that server (`/api/v1/files/{id}`, not its
 * `/info` or `/thumbnail`), else null: such a link is downloaded, never opened in a window.
 */
export function fileIdOfDownloadLink(url: string, serverUrl: string): string | null {
  let link: URL;
  let server: URL;
  try {
    link = new URL(url);
    server = new URL(serverUrl);
  } catch {
    return null;
  }
  if (link.origin !== server.origin) return null;
  const prefix = `${server.pathname.replace(/\/+$/, '')}${FILE_PATHS.download.replace(':id', '')}`;
  if (!link.pathname.startsWith(prefix)) return null;
  const rest = link.pathname.slice(prefix.length);
  if (rest === '' || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

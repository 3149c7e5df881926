import { FILE_PATHS, FILE_UPLOAD_FIELD, type FileRecord, fileResponseSchema } from '@beacon/protocol';
import { i18n } from '../../i18n';

export interface HttpSession {
  serverUrl: string;
  token: string;
}

export type FileLink = 'download' | 'thumbnail';

export function fileUrl(serverUrl: string, fileId: string, kind: FileLink): string {
  const path = kind === 'download' ? FILE_PATHS.download : FILE_PATHS.thumbnail;
  return `${serverUrl}${path.replace(':id', encodeURIComponent(fileId))}`;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

function uploadFailure(status: number, body: string): UploadError {
  let serverMessage = '';
  try {
    serverMessage = (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    // Not JSON: a proxy's page; the status says enough.
  }
  if (status === 413) return new UploadError(i18n.t('files.tooLarge'), status);
  if (status === 429) return new UploadError(i18n.t('files.tooMany'), status);
  if (status === 401) return new UploadError(i18n.t('files.sessionEnded'), status);
  return new UploadError(serverMessage || i18n.t('files.httpFailed', { status }), status);
}

export interface Upload {
  done: Promise<FileRecord>;
  abort(): void;
}

/**
 * `POST /api/v1/files` with the session token. XMLHttpRequest rather than fetch: only it reports
 * upload progress (`onProgress` gets 0..1).
 */
export function uploadFile(session: HttpSession, file: File, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileRecord>((resolve, reject) => {
    xhr.open('POST', `${session.serverUrl}${FILE_PATHS.upload}`);
    xhr.setRequestHeader('authorization', `Bearer ${session.token}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(uploadFailure(xhr.status, String(xhr.responseText ?? '')));
        return;
      }
      try {
        resolve(fileResponseSchema.parse(JSON.parse(String(xhr.responseText))).file);
      } catch {
        reject(new UploadError(i18n.t('files.unexpectedAnswer'), xhr.status));
      }
    };
    xhr.onerror = () => reject(new UploadError(i18n.t('files.unreachable'), 0));
    xhr.onabort = () => reject(new UploadError(i18n.t('files.cancelled'), 0));
    const form = new FormData();
    form.append(FILE_UPLOAD_FIELD, file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** A file or thumbnail fetched with the session token (an <img> or link cannot send it), as a blob. */
export async function fetchFileBlob(session: HttpSession, fileId: string, kind: FileLink): Promise<Blob> {
  const response = await fetch(fileUrl(session.serverUrl, fileId, kind), {
    headers: { authorization: `Bearer ${session.token}` },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

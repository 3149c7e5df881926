import type { Attachment } from '@beacon/protocol';
import { FILE_LIMITS } from '@beacon/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../../app/context';
import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';

export interface PendingUpload {
  key: string;
  name: string;
  size: number;
  progress: number;
  status: 'uploading' | 'done' | 'error';
  error: string | null;
  attachment: Attachment | null;
}

let nextKey = 0;

/** Files picked, dropped or pasted into the composer: uploaded at once, attached when the message is sent. */
export function useUploads() {
  const client = useClient();
  const { t } = useTranslation();
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  const aborts = useRef(new Map<string, () => void>());
  const patch = useCallback((key: string, change: Partial<PendingUpload>) => {
    setUploads((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const add = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const key = `upload-${++nextKey}`;
        const item: PendingUpload = {
          key,
          name: file.name,
          size: file.size,
          progress: 0,
          status: 'uploading',
          error: null,
          attachment: null,
        };
        setUploads((list) => (list.length >= FILE_LIMITS.attachmentsPerMessage ? list : [...list, item]));
        const upload = client.uploadFile(file, (progress) => patch(key, { progress }));
        aborts.current.set(key, upload.abort);
        upload.done
          .then((record) => {
            const { sha256: _sha256, ...attachment } = record;
            patch(key, { status: 'done', progress: 1, attachment });
          })
          .catch((error: unknown) =>
            patch(key, {
              status: 'error',
              error: error instanceof Error ? error.message : t('composer.uploadFailed'),
            }),
          )
          .finally(() => aborts.current.delete(key));
      }
    },
    [client, patch, t],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.();
    setUploads((list) => list.filter((item) => item.key !== key));
  }, []);

  const clear = useCallback(() => setUploads([]), []);
  // A verdict can come (file:scanned) before or after the upload's own answer: the newest wins.
  const fileScans = useAppStore((state) => state.fileScans);
  const current = uploads.map((item) => {
    const scan = item.attachment ? fileScans[item.attachment.id] : undefined;
    return item.attachment && scan && scan !== item.attachment.scan
      ? { ...item, attachment: { ...item.attachment, scan } }
      : item;
  });
  useEffect(
    () => () => {
      for (const abort of aborts.current.values()) abort();
    },
    [],
  );

  return {
    uploads: current,
    add,
    remove,
    clear,
    busy: uploads.some((item) => item.status === 'uploading'),
    // An infected file is never sent (the server would refuse the whole message); the tray says why.
    attachments: current.flatMap((item) =>
      item.attachment && item.attachment.scan !== 'infected' ? [item.attachment] : [],
    ),
  };
}

import type { Attachment } from '@beacon/protocol';
import { useEffect, useState } from 'react';
import { useBridge, useClient } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useTranslation } from '../../i18n';
import { fetchFileBlob } from './api';
import { formatBytes } from './format';
import './attachments.css';

function useThumbnail(attachment: Attachment): string | null {
  const client = useClient();
  const [url, setUrl] = useState<string | null>(null);
  const wanted = attachment.thumbnail && attachment.scan === 'clean';
  useEffect(() => {
    if (!wanted || typeof URL.createObjectURL !== 'function') return;
    let objectUrl: string | null = null;
    let live = true;
    fetchFileBlob(client.http, attachment.id, 'thumbnail')
      .then((blob) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [client, attachment.id, wanted]);
  return url;
}

/** One attached file: a preview for images, a download for clean files, the scan state otherwise. */
export function AttachmentChip({ attachment, active }: { attachment: Attachment; active: boolean }) {
  const bridge = useBridge();
  const toast = useToast();
  const { t } = useTranslation();
  const thumbnail = useThumbnail(attachment);
  // The host downloads (Electron: its download manager into Downloads, with "Show in folder").
  const download = () => {
    bridge
      .downloadFile({ fileId: attachment.id, name: attachment.name })
      .then((result) => {
        if (result.state === 'interrupted') toast(t('files.interrupted', { name: attachment.name }));
      })
      .catch(() => toast(t('files.downloadFailed', { name: attachment.name })));
  };
  return (
    <li className="attachment" data-scan={attachment.scan} data-file-id={attachment.id}>
      {thumbnail && <img className="attachment__preview" src={thumbnail} alt={attachment.name} />}
      <span className="attachment__name">{attachment.name}</span>
      <span className="attachment__size">{formatBytes(attachment.size)}</span>
      {attachment.scan === 'clean' && (
        <button
          type="button"
          className="link-button"
          tabIndex={active ? 0 : -1}
          onClick={download}
          aria-label={t('files.downloadName', { name: attachment.name })}
        >
          {t('files.download')}
        </button>
      )}
      {attachment.scan === 'pending' && (
        <span className="attachment__state">{t('files.waitingForScan')}</span>
      )}
      {attachment.scan === 'infected' && (
        <span className="attachment__state attachment__state--blocked">{t('files.blocked')}</span>
      )}
    </li>
  );
}

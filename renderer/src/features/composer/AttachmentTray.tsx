import { useTranslation } from '../../i18n';
import { formatBytes } from '../files/format';
import type { PendingUpload } from './use-uploads';

/** The composer's files: upload progress, errors, and a button to take each one out. */
export function AttachmentTray({
  uploads,
  onRemove,
}: {
  uploads: PendingUpload[];
  onRemove(key: string): void;
}) {
  const { t } = useTranslation();
  if (uploads.length === 0) return null;
  return (
    <ul className="composer__files" aria-label={t('composer.filesToSend')}>
      {uploads.map((upload) => (
        <li key={upload.key} className="composer__file" data-status={upload.status}>
          <span className="composer__file-name">{upload.name}</span>
          <span className="composer__file-size">{formatBytes(upload.size)}</span>
          {upload.status === 'uploading' && (
            <progress
              className="composer__file-progress"
              max={1}
              value={upload.progress}
              aria-label={t('composer.uploading', { name: upload.name })}
            />
          )}
          {upload.status === 'error' && <span className="error-text">{upload.error}</span>}
          {upload.attachment?.scan === 'pending' && (
            <span className="muted">{t('composer.waitingForScan')}</span>
          )}
          {upload.attachment?.scan === 'infected' && (
            <span className="error-text" role="alert">
              {t('composer.infected')}
            </span>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label={t('composer.remove', { name: upload.name })}
            onClick={() => onRemove(upload.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

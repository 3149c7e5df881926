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
  if (uploads.length === 0) return null;
  return (
    <ul className="composer__files" aria-label="Files to send">
      {uploads.map((upload) => (
        <li key={upload.key} className="composer__file" data-status={upload.status}>
          <span className="composer__file-name">{upload.name}</span>
          <span className="composer__file-size">{formatBytes(upload.size)}</span>
          {upload.status === 'uploading' && (
            <progress
              className="composer__file-progress"
              max={1}
              value={upload.progress}
              aria-label={`Uploading ${upload.name}`}
            />
          )}
          {upload.status === 'error' && <span className="error-text">{upload.error}</span>}
          {upload.attachment?.scan === 'pending' && <span className="muted">Waiting for virus scan…</span>}
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${upload.name}`}
            onClick={() => onRemove(upload.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

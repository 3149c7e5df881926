import { useRef } from 'react';
import { Dialog } from '../../components/Dialog';
import { useTranslation } from '../../i18n';

/** "Delete message?" with the message's start, Delete and Cancel; Cancel has the focus. */
export function DeleteMessageDialog({
  preview,
  onConfirm,
  onCancel,
}: {
  preview: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title={t('messages.deleteTitle')}
      onClose={onCancel}
      size="sm"
      initialFocus={cancel}
      footer={
        <>
          <button ref={cancel} type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" onClick={onConfirm}>
            {t('messages.delete')}
          </button>
        </>
      }
    >
      <p>{t('messages.deleteExplanation')}</p>
      {preview && <blockquote className="delete-preview">{preview.slice(0, 200)}</blockquote>}
    </Dialog>
  );
}

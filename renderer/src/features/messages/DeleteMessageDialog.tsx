import { useRef } from 'react';
import { Dialog } from '../../components/Dialog';

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
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title="Delete message?"
      onClose={onCancel}
      size="sm"
      initialFocus={cancel}
      footer={
        <>
          <button ref={cancel} type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button--danger" onClick={onConfirm}>
            Delete
          </button>
        </>
      }
    >
      <p>Everyone in the conversation will see “This message was deleted” instead.</p>
      {preview && <blockquote className="delete-preview">{preview.slice(0, 200)}</blockquote>}
    </Dialog>
  );
}

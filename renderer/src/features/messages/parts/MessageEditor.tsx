import { LIMITS } from '@beacon/protocol';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../../i18n';

export interface MessageEditorProps {
  initial: string;
  onSave(body: string): Promise<void>;
  onCancel(): void;
}

/** Edits a message in place: Enter saves, Shift+Enter adds a line, Esc cancels. */
export function MessageEditor({ initial, onSave, onCancel }: MessageEditorProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const element = input.current;
    element?.focus();
    element?.setSelectionRange(element.value.length, element.value.length);
  }, []);
  const body = text.trim();
  const save = () => {
    if (!body || body.length > LIMITS.bodyMaxChars || busy) return;
    if (body === initial) {
      onCancel();
      return;
    }
    setBusy(true);
    onSave(body).catch((failure: unknown) => {
      setBusy(false);
      setError(failure instanceof Error ? failure.message : t('messages.editFailed'));
    });
  };
  return (
    <div className="message-editor">
      <textarea
        ref={input}
        className="message-editor__input"
        aria-label={t('messages.editMessage')}
        value={text}
        rows={Math.min(8, text.split('\n').length)}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            save();
          }
        }}
      />
      <div className="message-editor__actions">
        {error && <span className="error-text">{error}</span>}
        <button type="button" className="button button--small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          onClick={save}
          disabled={!body || busy}
        >
          {t('common.save')}
        </button>
      </div>
    </div>
  );
}

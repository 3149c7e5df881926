import { LIMITS } from '@beacon/protocol';
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useBridge, useClient } from '../../app/context';
import { useTranslation } from '../../i18n';
import { describeError } from '../../socket';
import { selectChosen } from '../../store/own-presence-selectors';
import { useAppStore, usePresence } from '../../store/react';

export const STATUS_MESSAGE_INPUT_ID = 'status-message';

/** The free-text status note (≤ 140 characters, with a counter); saved on Enter or when leaving the field. */
export function StatusMessageField() {
  const { t } = useTranslation();
  const client = useClient();
  const bridge = useBridge();
  const meId = useAppStore((state) => state.me?.id);
  const chosen = useAppStore(useShallow(selectChosen));
  const presence = usePresence(meId);
  const saved = presence?.message ?? '';
  const [draft, setDraft] = useState(saved);
  const [focused, setFocused] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const max = LIMITS.statusMessageMaxChars;

  useEffect(() => {
    if (!focused) setDraft(saved);
  }, [saved, focused]);

  useEffect(() => bridge.onEditStatusMessage(() => inputRef.current?.focus()), [bridge]);

  const commit = () => {
    const message = draft.trim();
    if (message === saved || saving) return;
    setSaving(true);
    setError(null);
    client
      // Keeps the chosen status and its end: a note is not a new choice of status.
      .setPresence({
        status: chosen.status,
        message: message || null,
        ...(chosen.until !== null ? { until: chosen.until } : {}),
      })
      .catch((failure: unknown) => setError(describeError(failure)))
      .finally(() => setSaving(false));
  };

  const remaining = max - draft.length;
  return (
    <div className="status-message" data-focused={focused || undefined}>
      {/* Named "Personal note", not "Status message": the composer is the textbox named
          "Message", and accessible-name lookups match substrings. */}
      <label className="visually-hidden" htmlFor={STATUS_MESSAGE_INPUT_ID}>
        {t('presence.statusMessage.label')}
      </label>
      <input
        ref={inputRef}
        id={STATUS_MESSAGE_INPUT_ID}
        className="status-message__input"
        type="text"
        maxLength={max}
        placeholder={t('presence.statusMessage.placeholder')}
        value={draft}
        onChange={(event) => setDraft(event.target.value.slice(0, max))}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          commit();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
            inputRef.current?.blur();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            setDraft(saved);
            setError(null);
          }
        }}
        aria-describedby="status-message-counter"
        aria-invalid={error ? true : undefined}
      />
      <span
        id="status-message-counter"
        className="status-message__counter"
        data-low={remaining <= 20 || undefined}
        title={t('presence.statusMessage.remaining', { count: remaining })}
      >
        {draft.length}/{max}
      </span>
      {error && (
        <span className="error-text status-message__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

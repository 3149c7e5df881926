import { normalizeReactionEmoji, QUICK_REACTIONS } from '@beacon/protocol';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../../i18n';

export interface ReactionPickerProps {
  onPick(emoji: string): void;
  onClose(): void;
}

/** The fixed quick reactions plus any single emoji typed; Esc closes. */
export function ReactionPicker({ onPick, onClose }: ReactionPickerProps) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState('');
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const emoji = normalizeReactionEmoji(custom.trim());
    if (!emoji) {
      setError(t('messages.singleEmoji'));
      return;
    }
    onPick(emoji);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Esc anywhere inside closes the picker
    <div
      className="reaction-picker"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="reaction-picker__quick">
        {QUICK_REACTIONS.map((emoji, index) => (
          <button
            key={emoji}
            ref={index === 0 ? first : undefined}
            type="button"
            className="reaction-picker__emoji"
            aria-label={t('messages.reactWith', { emoji })}
            onClick={() => onPick(emoji)}
          >
            {emoji}
          </button>
        ))}
      </div>
      <form onSubmit={submit} className="reaction-picker__custom">
        <input
          className="input input--small"
          aria-label={t('messages.anyEmoji')}
          placeholder={t('messages.anyEmoji')}
          value={custom}
          onChange={(event) => {
            setCustom(event.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="button button--small">
          {t('messages.react')}
        </button>
        {error && <span className="error-text">{error}</span>}
      </form>
    </div>
  );
}

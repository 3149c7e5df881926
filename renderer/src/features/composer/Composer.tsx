import { LIMITS } from '@beacon/protocol';
import { type FormEvent, type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { useClient } from '../../app/context';
import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store/react';
import './composer.css';

/** Unsent text per conversation, kept while switching between conversations. */
const drafts = new Map<string, string>();
const MAX_HEIGHT_PX = 200;
const COUNTER_FROM = LIMITS.bodyMaxChars - 1_000;
const numberFormat = new Intl.NumberFormat();

export interface ComposerProps {
  conversationId: string;
  /** Who the message goes to, for the placeholder ("Message Bob Baker"). */
  recipientLabel: string;
  /** Called after a message was queued (the transcript scrolls to it). */
  onSent(): void;
}

/** The message box: Enter sends, Shift+Enter adds a line; messages queue while offline. */
export function Composer({ conversationId, recipientLabel, onSent }: ComposerProps) {
  const client = useClient();
  const online = useAppStore((state) => state.connection.status === 'online');
  const [text, setText] = useState(() => drafts.get(conversationId) ?? '');
  const textarea = useRef<HTMLTextAreaElement>(null);
  const length = text.trim().length;
  const tooLong = length > LIMITS.bodyMaxChars;

  useLayoutEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT_PX)}px`;
  });

  const update = (value: string) => {
    setText(value);
    if (value) drafts.set(conversationId, value);
    else drafts.delete(conversationId);
    if (value.trim()) client.typing(conversationId);
    else client.stopTyping(conversationId);
  };

  const send = () => {
    const body = text.trim();
    if (!body || tooLong) return;
    client.sendMessage(conversationId, body);
    update('');
    client.stopTyping(conversationId);
    onSent();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
    textarea.current?.focus();
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <div className="composer__box" data-invalid={tooLong || undefined}>
        <textarea
          ref={textarea}
          className="composer__input"
          aria-label="Message"
          aria-describedby="composer-hint"
          aria-invalid={tooLong || undefined}
          placeholder={`Message ${recipientLabel}`}
          rows={1}
          value={text}
          onChange={(event) => update(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => client.stopTyping(conversationId)}
          // biome-ignore lint/a11y/noAutofocus: opening a conversation is a request to write in it
          autoFocus
        />
        <button
          type="submit"
          className="composer__send"
          aria-label="Send"
          title="Send (Enter)"
          disabled={!length || tooLong}
        >
          <Icon name="send" size={18} />
        </button>
      </div>
      <div id="composer-hint" className="composer__hint">
        {tooLong ? (
          <span className="error-text">
            Too long to send: {numberFormat.format(length)} / {numberFormat.format(LIMITS.bodyMaxChars)}{' '}
            characters.
          </span>
        ) : !online ? (
          <span>Offline: messages you send now go out when the connection is back.</span>
        ) : length >= COUNTER_FROM ? (
          <span>
            {numberFormat.format(length)} / {numberFormat.format(LIMITS.bodyMaxChars)} characters
          </span>
        ) : (
          <span className="composer__keys">
            <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
          </span>
        )}
      </div>
    </form>
  );
}

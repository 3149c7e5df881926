import type { Message } from '@beacon/protocol';
import { type KeyboardEvent, memo, useState } from 'react';
import { Avatar } from '../../components/Avatar';
import { BotBadge } from '../../components/BotBadge';
import { LinkifiedText } from '../../components/LinkifiedText';
import { useTranslation } from '../../i18n';
import { formatFullDateTime, formatTime } from '../../lib/time';
import { useMessageContext } from './message-context';
import { MessageContent } from './parts/MessageContent';
import { MessageToolbar } from './parts/MessageToolbar';
import { SystemNote } from './parts/SystemNote';

export interface MessageRowProps {
  /** The sent message; null while it waits in the outbox. */
  message: Message | null;
  senderId: string;
  senderName: string;
  /** The sender is a bot: a "Bot" badge follows the name. */
  senderIsBot?: boolean;
  body: string;
  sentAt: number;
  mine: boolean;
  /** Starts a group: avatar, name and time are shown. */
  showHeader: boolean;
  /** A day separator label above the message, or null. */
  dayLabel: string | null;
  /** The "New messages" divider goes above this message. */
  firstUnread?: boolean;
  /** Just jumped to: briefly highlighted. */
  highlighted?: boolean;
  state: 'sent' | 'pending' | 'failed';
  failure: string | null;
  seenLabel: string | null;
  clientId: string;
  onRetry(clientId: string): void;
  onDiscard(clientId: string): void;
  onOpenLink(href: string): void;
}

function Time({ at, className }: { at: number; className: string }) {
  return (
    <time className={className} dateTime={new Date(at).toISOString()} title={formatFullDateTime(at)}>
      {formatTime(at)}
    </time>
  );
}

/** One message of the transcript; consecutive messages of one sender share a header. */
export const MessageRow = memo(function MessageRow(props: MessageRowProps) {
  const { message, senderId, senderName, senderIsBot = false, body, sentAt, mine, showHeader } = props;
  const context = useMessageContext();
  const { t } = useTranslation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const active = message !== null && context.focusedId === message.id;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || !message) return;
    if (event.key === 'Enter' || event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      setMenuOpen(true);
    }
  };
  const divider = (
    <>
      {props.dayLabel && (
        <div className="day-separator">
          <span>{props.dayLabel}</span>
        </div>
      )}
      {props.firstUnread && (
        <div className="unread-divider">
          <span>{t('messages.newMessages')}</span>
        </div>
      )}
    </>
  );
  if (message?.kind === 'system') {
    return (
      <div className="message-row message-row--system" data-message-id={message.id}>
        {divider}
        <SystemNote message={message} />
      </div>
    );
  }
  return (
    <div
      className="message-row"
      data-state={props.state}
      data-mine={mine || undefined}
      data-first={showHeader || undefined}
      data-highlighted={props.highlighted || undefined}
    >
      {divider}
      <article
        className="message"
        data-message-id={message?.id}
        tabIndex={message ? (active ? 0 : -1) : undefined}
        aria-label={
          message ? t('messages.rowLabel', { name: senderName, time: formatTime(sentAt) }) : undefined
        }
        onFocus={(event) => {
          if (message && event.target === event.currentTarget) context.setFocusedId(message.id);
        }}
        onKeyDown={onKeyDown}
      >
        <div className="message__gutter">
          {showHeader ? (
            <Avatar id={senderId} name={senderName} size="md" />
          ) : (
            <Time at={sentAt} className="message__hover-time" />
          )}
        </div>
        <div className="message__content">
          {showHeader && (
            <div className="message__header">
              <span className="message__sender">
                {mine ? t('messages.senderYou', { name: senderName }) : senderName}
                <BotBadge bot={senderIsBot} />
              </span>
              <Time at={sentAt} className="message__time" />
            </div>
          )}
          {message ? (
            <MessageContent
              message={message}
              active={active}
              editing={editing}
              stopEditing={() => setEditing(false)}
            />
          ) : (
            <div className="message__body">
              <LinkifiedText text={body} onOpenLink={props.onOpenLink} />
            </div>
          )}
          {props.state === 'pending' && <div className="message__meta">{t('messages.sending')}</div>}
          {props.state === 'failed' && (
            <div className="message__meta message__meta--failed">
              <span>{props.failure ?? t('messages.notSent')}</span>
              <button type="button" className="link-button" onClick={() => props.onRetry(props.clientId)}>
                {t('messages.retry')}
              </button>
              <button type="button" className="link-button" onClick={() => props.onDiscard(props.clientId)}>
                {t('messages.discard')}
              </button>
            </div>
          )}
          {props.seenLabel && <div className="message__seen">{props.seenLabel}</div>}
        </div>
        {message && message.deletedAt === null && !editing && (
          <MessageToolbar
            message={message}
            active={active}
            menuOpen={menuOpen}
            setMenuOpen={(open) => {
              setMenuOpen(open);
              if (!open)
                (document.querySelector(`[data-message-id="${message.id}"]`) as HTMLElement | null)?.focus();
            }}
            onEdit={() => setEditing(true)}
          />
        )}
      </article>
    </div>
  );
});

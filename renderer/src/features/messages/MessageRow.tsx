import { memo } from 'react';
import { Avatar } from '../../components/Avatar';
import { BotBadge } from '../../components/BotBadge';
import { LinkifiedText } from '../../components/LinkifiedText';
import { formatFullDateTime, formatTime } from '../../lib/time';

export interface MessageRowProps {
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
  state: 'sent' | 'pending' | 'failed';
  failure: string | null;
  seenLabel: string | null;
  clientId: string;
  onRetry(clientId: string): void;
  onDiscard(clientId: string): void;
  onOpenLink(href: string): void;
}

/** One message of the transcript; consecutive messages of one sender share a header. */
export const MessageRow = memo(function MessageRow(props: MessageRowProps) {
  const {
    senderId,
    senderName,
    senderIsBot = false,
    body,
    sentAt,
    mine,
    showHeader,
    dayLabel,
    state,
    failure,
    seenLabel,
    clientId,
  } = props;
  return (
    <div
      className="message-row"
      data-state={state}
      data-mine={mine || undefined}
      data-first={showHeader || undefined}
    >
      {dayLabel && (
        <div className="day-separator">
          <span>{dayLabel}</span>
        </div>
      )}
      <div className="message">
        <div className="message__gutter">
          {showHeader ? (
            <Avatar id={senderId} name={senderName} size="md" />
          ) : (
            <time
              className="message__hover-time"
              dateTime={new Date(sentAt).toISOString()}
              title={formatFullDateTime(sentAt)}
            >
              {formatTime(sentAt)}
            </time>
          )}
        </div>
        <div className="message__content">
          {showHeader && (
            <div className="message__header">
              <span className="message__sender">
                {mine ? `${senderName} (you)` : senderName}
                <BotBadge bot={senderIsBot} />
              </span>
              <time
                className="message__time"
                dateTime={new Date(sentAt).toISOString()}
                title={formatFullDateTime(sentAt)}
              >
                {formatTime(sentAt)}
              </time>
            </div>
          )}
          <div className="message__body">
            <LinkifiedText text={body} onOpenLink={props.onOpenLink} />
          </div>
          {state === 'pending' && <div className="message__meta">Sending…</div>}
          {state === 'failed' && (
            <div className="message__meta message__meta--failed">
              <span>{failure ?? 'Not sent.'}</span>
              <button type="button" className="link-button" onClick={() => props.onRetry(clientId)}>
                Retry
              </button>
              <button type="button" className="link-button" onClick={() => props.onDiscard(clientId)}>
                Discard
              </button>
            </div>
          )}
          {seenLabel && <div className="message__seen">{seenLabel}</div>}
        </div>
      </div>
    </div>
  );
});

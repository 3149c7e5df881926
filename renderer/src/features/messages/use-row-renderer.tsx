import type { Message, User } from '@beacon/protocol';
import { useCallback } from 'react';
import { formatDayLabel, isSameLocalDay } from '../../lib/time';
import type { OutboxItem } from '../../store';
import { MessageRow } from './MessageRow';
import { fromMessage, fromOutbox, type RowModel } from './transcript-rows';

/** A new header (avatar, name, time) starts after this pause even for the same sender. */
const GROUP_GAP_MS = 5 * 60_000;

export interface RowRendererInput {
  messages: readonly Message[] | undefined;
  pending: readonly OutboxItem[];
  meId: string;
  firstItemIndex: number;
  nameOf(userId: string): string;
  users: Record<string, User>;
  seen: { seq: number; label: string } | null;
  firstUnreadSeq: number | null;
  highlightedSeq: number | null;
  onOpenLink(href: string): void;
  retry(clientId: string): void;
  discard(clientId: string): void;
}

/** Virtuoso's row callbacks: sent messages, then the outbox; headers, day separators, "New messages". */
export function useRowRenderer(input: RowRendererInput) {
  const { messages, pending, meId, firstItemIndex, nameOf, users, seen, firstUnreadSeq, highlightedSeq } =
    input;
  const { onOpenLink, retry, discard } = input;
  const rowAt = useCallback(
    (i: number): RowModel | undefined => {
      if (!messages) return undefined;
      const message = messages[i];
      if (message) return fromMessage(message);
      const item = pending[i - messages.length];
      return item ? fromOutbox(item, meId) : undefined;
    },
    [messages, pending, meId],
  );

  const itemContent = useCallback(
    (index: number) => {
      const i = index - firstItemIndex;
      const row = rowAt(i);
      if (!row) return <div className="message-row message-row--missing" />;
      const previous = rowAt(i - 1);
      const newDay = !previous || !isSameLocalDay(previous.sentAt, row.sentAt);
      const firstUnread = row.seq !== null && row.seq === firstUnreadSeq;
      const showHeader =
        newDay ||
        firstUnread ||
        !previous ||
        previous.senderId !== row.senderId ||
        previous.message?.kind === 'system' ||
        row.sentAt - previous.sentAt > GROUP_GAP_MS ||
        previous.state !== 'sent' ||
        row.state !== 'sent';
      return (
        <MessageRow
          message={row.message}
          senderId={row.senderId}
          senderName={nameOf(row.senderId)}
          senderIsBot={users[row.senderId]?.kind === 'bot'}
          body={row.body}
          sentAt={row.sentAt}
          mine={row.senderId === meId}
          showHeader={showHeader}
          dayLabel={newDay ? formatDayLabel(row.sentAt, Date.now()) : null}
          firstUnread={firstUnread}
          highlighted={row.seq !== null && row.seq === highlightedSeq}
          state={row.state}
          failure={row.failure}
          seenLabel={seen && row.seq === seen.seq ? seen.label : null}
          clientId={row.clientId}
          onRetry={retry}
          onDiscard={discard}
          onOpenLink={onOpenLink}
        />
      );
    },
    [
      firstItemIndex,
      rowAt,
      nameOf,
      meId,
      seen,
      retry,
      discard,
      onOpenLink,
      users,
      firstUnreadSeq,
      highlightedSeq,
    ],
  );

  const computeItemKey = useCallback(
    (index: number) => rowAt(index - firstItemIndex)?.key ?? `missing-${index}`,
    [rowAt, firstItemIndex],
  );

  return { itemContent, computeItemKey };
}

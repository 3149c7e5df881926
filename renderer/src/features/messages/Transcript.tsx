import type { Message } from '@beacon/protocol';
import {
  type Ref,
  type RefObject,
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ListProps, Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { useBridge, useClient } from '../../app/context';
import { useToast } from '../../app/toasts';
import { formatDayLabel, isSameLocalDay } from '../../lib/time';
import { describeSendFailure } from '../../socket';
import type { OutboxItem } from '../../store';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';
import { MessageRow } from './MessageRow';
import { computeSeen, seenLabel } from './seen';
import './transcript.css';

/** Virtuoso's index of the first message ever loaded; it decreases as older pages are prepended. */
const BASE_INDEX = 10_000_000;
/** A new header (avatar, name, time) starts after this pause even for the same sender. */
const GROUP_GAP_MS = 5 * 60_000;
const NO_PENDING: OutboxItem[] = [];

export interface TranscriptHandle {
  scrollToBottom(): void;
}

interface RowModel {
  key: string;
  senderId: string;
  body: string;
  sentAt: number;
  state: 'sent' | 'pending' | 'failed';
  failure: string | null;
  clientId: string;
  seq: number | null;
}

function fromMessage(message: Message): RowModel {
  return {
    key: `${message.senderId}:${message.clientId || message.id}`,
    senderId: message.senderId,
    body: message.body,
    sentAt: message.sentAt,
    state: 'sent',
    failure: null,
    clientId: message.clientId,
    seq: message.seq,
  };
}

function fromOutbox(item: OutboxItem, meId: string): RowModel {
  return {
    key: `${meId}:${item.clientId}`,
    senderId: meId,
    body: item.body,
    sentAt: item.createdAt,
    state: item.state,
    failure: item.error ? describeSendFailure(item.error.code, item.error.message) : null,
    clientId: item.clientId,
    seq: null,
  };
}

interface HeaderContext {
  /** Virtuoso's `data-item-index` of the newest row. */
  lastItemIndex: number;
  hasOlder: boolean;
  olderStatus: 'idle' | 'loading' | 'error';
  title: string;
  kind: 'direct' | 'group';
  loadOlder(): void;
}

function TranscriptHeader({ context }: { context: HeaderContext }) {
  if (context.hasOlder) {
    return (
      <div className="transcript__edge">
        {context.olderStatus === 'error' ? (
          <>
            Could not load earlier messages.{' '}
            <button type="button" className="link-button" onClick={context.loadOlder}>
              Try again
            </button>
          </>
        ) : (
          <span className="muted">
            <span className="spinner" aria-hidden="true" /> Loading earlier messages…
          </span>
        )}
      </div>
    );
  }
  return (
    <div className="transcript__edge transcript__edge--start">
      {context.kind === 'direct'
        ? `This is the beginning of your conversation with ${context.title}.`
        : `This is the beginning of ${context.title}.`}
    </div>
  );
}

function EmptyTranscript({ context }: { context: HeaderContext }) {
  return (
    <div className="transcript__empty">
      <p>
        {context.kind === 'direct'
          ? `No messages yet. Say hello to ${context.title}!`
          : `No messages yet in ${context.title}.`}
      </p>
    </div>
  );
}

/** Whether the newest row is rendered with its bottom at the bottom of the scroller. */
function newestRowAtBottom(list: HTMLElement, lastItemIndex: number): boolean {
  const row = list.querySelector(`[data-item-index="${lastItemIndex}"]`);
  const scroller = list.closest('[data-virtuoso-scroller]');
  if (!row || !scroller) return false;
  return Math.abs(row.getBoundingClientRect().bottom - scroller.getBoundingClientRect().bottom) <= 2;
}

/**
 * Virtuoso hides the rows while it scrolls to the newest message, and for 150 ms more to see whether
 * their sizes still change. Shows them as soon as the newest row sits at the bottom instead, which
 * opens a conversation ~150 ms sooner without showing a half-scrolled list.
 */
function TranscriptList({
  ref,
  style,
  context,
  ...props
}: ListProps & { context?: HeaderContext; ref?: Ref<HTMLDivElement> }) {
  const element = useRef<HTMLDivElement | null>(null);
  const [settled, setSettled] = useState(false);
  const lastItemIndex = context?.lastItemIndex ?? -1;
  const virtuosoHides = style?.visibility === 'hidden';
  useLayoutEffect(() => {
    if (!settled && virtuosoHides && element.current && newestRowAtBottom(element.current, lastItemIndex)) {
      setSettled(true);
    }
  });
  const setRef = useCallback(
    (node: HTMLDivElement | null) => {
      element.current = node;
      if (typeof ref === 'function') ref(node);
      else if (ref) ref.current = node;
    },
    [ref],
  );
  return <div {...props} ref={setRef} style={settled ? { ...style, visibility: undefined } : style} />;
}

const components = { Header: TranscriptHeader, EmptyPlaceholder: EmptyTranscript, List: TranscriptList };

export interface TranscriptProps {
  conversationId: string;
  handleRef: RefObject<TranscriptHandle | null>;
}

/**
 * The conversation's messages as an ARIA log, virtualised: only visible rows exist in the DOM, older
 * history loads when scrolling to the top, and the view sticks to the bottom as messages arrive.
 */
export function Transcript({ conversationId, handleRef }: TranscriptProps) {
  const client = useClient();
  const bridge = useBridge();
  const toast = useToast();
  const timeline = useAppStore((state) => state.timelines[conversationId]);
  const pending = useAppStore((state) => state.outbox[conversationId] ?? NO_PENDING);
  const conversation = useAppStore((state) => state.conversations[conversationId]);
  const me = useAppStore((state) => state.me);
  const users = useAppStore((state) => state.users);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const [atBottom, setAtBottom] = useState(true);
  const meId = me?.id ?? '';
  const title = conversation?.title ?? 'this conversation';
  const messages = timeline?.messages;

  useImperativeHandle(
    handleRef,
    () => ({
      scrollToBottom: () => {
        requestAnimationFrame(() =>
          virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' }),
        );
      },
    }),
    [],
  );

  const nameOf = useCallback(
    (userId: string) => {
      const user = users[userId];
      if (user) return displayName(user);
      if (conversation?.kind === 'direct' && userId !== meId) return conversation.title;
      return 'Unknown person';
    },
    [users, conversation, meId],
  );

  const seen = useMemo(() => {
    const mark = computeSeen(conversation, meId, messages ?? []);
    return mark && conversation ? { seq: mark.seq, label: seenLabel(mark, conversation, nameOf) } : null;
  }, [conversation, meId, messages, nameOf]);

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

  const openLink = useCallback(
    (href: string) => {
      bridge.openExternal(href).catch(() => toast('Could not open the link.'));
    },
    [bridge, toast],
  );
  const retry = useCallback((clientId: string) => client.retryMessage(clientId), [client]);
  const discard = useCallback((clientId: string) => client.discardMessage(clientId), [client]);
  const loadOlder = useCallback(() => void client.loadOlder(conversationId), [client, conversationId]);

  const firstItemIndex = BASE_INDEX - (timeline?.prepended ?? 0);
  const total = (messages?.length ?? 0) + pending.length;

  const itemContent = useCallback(
    (index: number) => {
      const i = index - firstItemIndex;
      const row = rowAt(i);
      if (!row) return <div className="message-row message-row--missing" />;
      const previous = rowAt(i - 1);
      const now = Date.now();
      const newDay = !previous || !isSameLocalDay(previous.sentAt, row.sentAt);
      const showHeader =
        newDay ||
        !previous ||
        previous.senderId !== row.senderId ||
        row.sentAt - previous.sentAt > GROUP_GAP_MS ||
        previous.state !== 'sent' ||
        row.state !== 'sent';
      return (
        <MessageRow
          senderId={row.senderId}
          senderName={nameOf(row.senderId)}
          senderIsBot={users[row.senderId]?.kind === 'bot'}
          body={row.body}
          sentAt={row.sentAt}
          mine={row.senderId === meId}
          showHeader={showHeader}
          dayLabel={newDay ? formatDayLabel(row.sentAt, now) : null}
          state={row.state}
          failure={row.failure}
          seenLabel={seen && row.seq === seen.seq ? seen.label : null}
          clientId={row.clientId}
          onRetry={retry}
          onDiscard={discard}
          onOpenLink={openLink}
        />
      );
    },
    [firstItemIndex, rowAt, nameOf, meId, seen, retry, discard, openLink, users],
  );

  const computeItemKey = useCallback(
    (index: number) => rowAt(index - firstItemIndex)?.key ?? `missing-${index}`,
    [rowAt, firstItemIndex],
  );

  const context = useMemo<HeaderContext>(
    () => ({
      lastItemIndex: firstItemIndex + total - 1,
      hasOlder: timeline?.hasOlder ?? false,
      olderStatus: timeline?.olderStatus ?? 'idle',
      title,
      kind: conversation?.kind ?? 'direct',
      loadOlder,
    }),
    [firstItemIndex, total, timeline?.hasOlder, timeline?.olderStatus, title, conversation?.kind, loadOlder],
  );

  const logLabel = conversation?.kind === 'group' ? `Messages in ${title}` : `Messages with ${title}`;

  if (!timeline || (timeline.status !== 'ready' && (messages?.length ?? 0) === 0)) {
    return (
      <div
        className="transcript transcript--placeholder"
        role="log"
        aria-label={logLabel}
        aria-busy={timeline?.status !== 'error'}
      >
        {timeline?.status === 'error' ? (
          <div className="transcript__problem">
            <p className="alert">Could not load the messages. {timeline.error}</p>
            <button
              type="button"
              className="button"
              onClick={() => void client.loadConversation(conversationId)}
            >
              Try again
            </button>
          </div>
        ) : (
          <span className="muted">
            <span className="spinner" aria-hidden="true" /> Loading messages…
          </span>
        )}
      </div>
    );
  }

  return (
    <div className="transcript" role="log" aria-label={logLabel}>
      <Virtuoso
        ref={virtuoso}
        className="transcript__scroller"
        context={context}
        components={components}
        firstItemIndex={firstItemIndex}
        totalCount={total}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        computeItemKey={computeItemKey}
        itemContent={itemContent}
        startReached={() => {
          if (timeline.hasOlder && timeline.olderStatus === 'idle') loadOlder();
        }}
        followOutput={(isAtBottom) => (isAtBottom ? 'auto' : false)}
        atBottomStateChange={setAtBottom}
        atBottomThreshold={80}
        alignToBottom
        increaseViewportBy={{ top: 300, bottom: 100 }}
      />
      {!atBottom && total > 0 && (
        <button
          type="button"
          className="transcript__jump button button--small"
          onClick={() => virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' })}
        >
          Jump to latest
        </button>
      )}
    </div>
  );
}

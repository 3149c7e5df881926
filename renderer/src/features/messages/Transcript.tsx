import type { User } from '@beacon/protocol';
import { type RefObject, useCallback, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { useClient } from '../../app/context';
import { useTranslation } from '../../i18n';
import type { OutboxItem } from '../../store';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { MessageContext } from './message-context';
import { computeSeen, seenLabel } from './seen';
import { TranscriptPlaceholder } from './TranscriptPlaceholder';
import { type HeaderContext, transcriptComponents } from './transcript-parts';
import { useMessageActions } from './use-message-actions';
import { usePinnedOnResize } from './use-pinned-on-resize';
import { useRowRenderer } from './use-row-renderer';
import { useTranscriptNavigation } from './use-transcript-navigation';
import './transcript.css';

/** Virtuoso's index of the first message ever loaded; it decreases as older pages are prepended. */
const BASE_INDEX = 10_000_000;
const NO_PENDING: OutboxItem[] = [];

export interface TranscriptHandle {
  scrollToBottom(): void;
}

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
  const { t } = useTranslation();
  const timeline = useAppStore((state) => state.timelines[conversationId]);
  const pending = useAppStore((state) => state.outbox[conversationId] ?? NO_PENDING);
  const conversation = useAppStore((state) => state.conversations[conversationId]);
  const unreadMarker = useAppStore((state) => state.unreadMarkers[conversationId] ?? null);
  const me = useAppStore((state) => state.me);
  const users = useAppStore((state) => state.users);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const root = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const meId = me?.id ?? '';
  const title = conversation?.title ?? 'this conversation';
  const messages = timeline?.messages;
  usePinnedOnResize(root, virtuoso, atBottom);

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
      const user = users[userId] ?? conversation?.members?.find((member) => member.id === userId);
      if (user) return displayName(user);
      if (conversation?.kind === 'direct' && userId !== meId) return conversation.title;
      return t('messages.unknownPerson');
    },
    [users, conversation, meId, t],
  );
  const members = useMemo<User[]>(
    () =>
      (conversation?.memberIds ?? []).flatMap(
        (id) => users[id] ?? conversation?.members?.find((m) => m.id === id) ?? [],
      ),
    [conversation, users],
  );
  const readOnly = Boolean(conversation && meId && !conversation.memberIds.includes(meId));
  const actions = useMessageActions({ conversationId, meId, members, nameOf, readOnly });

  const seen = useMemo(() => {
    const mark = computeSeen(conversation, meId, messages ?? []);
    return mark && conversation ? { seq: mark.seq, label: seenLabel(mark, conversation, nameOf) } : null;
  }, [conversation, meId, messages, nameOf]);
  const firstUnreadSeq = useMemo(
    () =>
      unreadMarker === null
        ? null
        : (messages?.find((m) => m.seq >= unreadMarker && m.senderId !== meId)?.seq ?? null),
    [messages, unreadMarker, meId],
  );

  const retry = useCallback((clientId: string) => client.retryMessage(clientId), [client]);
  const discard = useCallback((clientId: string) => client.discardMessage(clientId), [client]);
  const loadOlder = useCallback(() => void client.loadOlder(conversationId), [client, conversationId]);

  const firstItemIndex = BASE_INDEX - (timeline?.prepended ?? 0);
  const total = (messages?.length ?? 0) + pending.length;
  const navigation = useTranscriptNavigation({
    conversationId,
    messages,
    firstItemIndex,
    focusedId: actions.value.focusedId,
    setFocusedId: actions.value.setFocusedId,
    virtuoso,
    root,
  });
  const context = useMemo(
    () => ({ ...actions.value, focusedId: navigation.tabStopId }),
    [actions.value, navigation.tabStopId],
  );

  const { itemContent, computeItemKey } = useRowRenderer({
    messages,
    pending,
    meId,
    firstItemIndex,
    nameOf,
    users,
    seen,
    firstUnreadSeq,
    highlightedSeq: navigation.highlightedSeq,
    onOpenLink: context.onOpenLink,
    retry,
    discard,
  });

  const headerContext = useMemo<HeaderContext>(
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

  const logLabel =
    conversation?.kind === 'group' ? t('messages.logIn', { title }) : t('messages.logWith', { title });

  if (!timeline || (timeline.status !== 'ready' && (messages?.length ?? 0) === 0)) {
    return <TranscriptPlaceholder conversationId={conversationId} label={logLabel} />;
  }

  return (
    <MessageContext.Provider value={context}>
      <div
        ref={root}
        className="transcript"
        role="log"
        aria-label={logLabel}
        onKeyDown={navigation.onKeyDown}
      >
        {firstUnreadSeq !== null && (
          <button
            type="button"
            className="transcript__first-unread button button--small"
            onClick={() => void client.historyAround(conversationId, firstUnreadSeq)}
          >
            {t('messages.jumpToFirstUnread')}
          </button>
        )}
        <Virtuoso
          key={`generation:${timeline.generation}`}
          ref={virtuoso}
          className="transcript__scroller"
          // The roving message is the transcript's one Tab stop; the scroller (focusable by default) is not.
          tabIndex={-1}
          context={headerContext}
          components={transcriptComponents}
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
            {t('messages.jumpToLatest')}
          </button>
        )}
      </div>
      {actions.deleting && (
        <DeleteMessageDialog
          preview={actions.deleting.body}
          onConfirm={() => void actions.confirmDelete()}
          onCancel={actions.cancelDelete}
        />
      )}
    </MessageContext.Provider>
  );
}

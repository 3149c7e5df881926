import type { Message } from '@beacon/protocol';
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';
import { useAppStore, useStoreApi } from '../../store/react';

function focusRow(root: HTMLElement | null, messageId: string, attempts = 5): void {
  const row = root?.querySelector<HTMLElement>(`.message[data-message-id="${CSS.escape(messageId)}"]`);
  if (row) row.focus({ preventScroll: false });
  else if (attempts > 0) requestAnimationFrame(() => focusRow(root, messageId, attempts - 1));
}

/**
 * The transcript's keyboard and jumps: one tab stop (the focused message, else the newest), arrows,
 * Home and End move between messages; a requested jump scrolls to its message and highlights it.
 */
export function useTranscriptNavigation(options: {
  conversationId: string;
  messages: readonly Message[] | undefined;
  firstItemIndex: number;
  focusedId: string | null;
  setFocusedId(messageId: string): void;
  virtuoso: RefObject<VirtuosoHandle | null>;
  root: RefObject<HTMLElement | null>;
}) {
  const { conversationId, messages, firstItemIndex, focusedId, setFocusedId, virtuoso, root } = options;
  const store = useStoreApi();
  const jump = useAppStore((state) =>
    state.jumpTarget?.conversationId === conversationId ? state.jumpTarget : null,
  );
  const [highlightedSeq, setHighlightedSeq] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const goTo = useCallback(
    (index: number, focus: boolean, align: 'center' | 'end' = 'center') => {
      const message = messages?.[index];
      if (!message) return;
      setFocusedId(message.id);
      virtuoso.current?.scrollToIndex({ index: firstItemIndex + index, align, behavior: 'auto' });
      if (focus) focusRow(root.current, message.id);
    },
    [messages, firstItemIndex, setFocusedId, virtuoso, root],
  );

  useEffect(() => {
    if (!jump || !messages) return;
    const index = messages.findIndex((message) => message.seq >= jump.seq);
    if (index < 0) return;
    goTo(index, true);
    setHighlightedSeq(messages[index]?.seq ?? null);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setHighlightedSeq(null), 2_000);
    store.getState().clearJump(jump.nonce);
  }, [jump, messages, goTo, store]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    if (!messages || !target.matches('.message[data-message-id]')) return;
    const current = messages.findIndex((message) => message.id === target.dataset.messageId);
    const next =
      event.key === 'ArrowUp'
        ? current - 1
        : event.key === 'ArrowDown'
          ? current + 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? messages.length - 1
              : null;
    if (next === null || next < 0 || next >= messages.length) return;
    event.preventDefault();
    goTo(next, true, event.key === 'ArrowDown' || event.key === 'End' ? 'end' : 'center');
  };

  const tabStopId =
    focusedId && messages?.some((m) => m.id === focusedId) ? focusedId : (messages?.at(-1)?.id ?? null);
  return { onKeyDown, highlightedSeq, tabStopId };
}

import type { User } from '@beacon/protocol';
import { type KeyboardEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { insertMention, mentionQueryAt, suggestMembers } from './mention-query';

/**
 * `@` autocomplete state for a textarea: which members match the `@word` at the caret, the
 * highlighted one, and the keys (arrows, Enter/Tab to insert, Esc to close) it takes over.
 */
export function useMentionAutocomplete(
  members: readonly User[],
  text: string,
  setText: (text: string) => void,
) {
  const [caret, setCaret] = useState(0);
  const [activeIndex, setActiveIndex] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  // Where the caret goes once the inserted mention is rendered (set before the next paint, not later).
  const pendingCaret = useRef<{ textarea: HTMLTextAreaElement; at: number } | null>(null);
  useLayoutEffect(() => {
    const pending = pendingCaret.current;
    if (!pending) return;
    pendingCaret.current = null;
    pending.textarea.setSelectionRange(pending.at, pending.at);
  });
  const query = mentionQueryAt(text, caret);
  const suggestions = useMemo(
    () => (query && dismissedAt !== query.start ? suggestMembers(members, query.query) : []),
    [members, query?.query, query?.start, dismissedAt, query],
  );
  const open = suggestions.length > 0;
  const index = Math.min(activeIndex, Math.max(0, suggestions.length - 1));

  const pick = (member: User, textarea: HTMLTextAreaElement | null) => {
    if (!query) return;
    const next = insertMention(text, query.start, caret, member);
    setText(next.text);
    setCaret(next.caret);
    setActiveIndex(0);
    if (textarea) pendingCaret.current = { textarea, at: next.caret };
  };

  /** Returns true when the key was for the suggestions (the caller must not handle it). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    const member = suggestions[index];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((index + step + suggestions.length) % suggestions.length);
      return true;
    }
    if ((event.key === 'Enter' || event.key === 'Tab') && member && !event.shiftKey) {
      event.preventDefault();
      pick(member, event.currentTarget);
      return true;
    }
    if (event.key === 'Escape' && query) {
      event.preventDefault();
      setDismissedAt(query.start);
      return true;
    }
    return false;
  };

  return {
    open,
    suggestions,
    activeIndex: index,
    activeId: open ? suggestions[index]?.id : undefined,
    onKeyDown,
    pick,
    trackCaret: (textarea: HTMLTextAreaElement) => setCaret(textarea.selectionStart ?? textarea.value.length),
  };
}

import { type RefObject, useEffect, useRef } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';

/** Keeps the newest message in view when the transcript changes size (window resize) while pinned to it. */
export function usePinnedOnResize(
  root: RefObject<HTMLElement | null>,
  virtuoso: RefObject<VirtuosoHandle | null>,
  atBottom: boolean,
): void {
  const pinned = useRef(atBottom);
  // A resize can report "not at bottom" before the observer runs: losing the pin waits a moment.
  useEffect(() => {
    if (atBottom) {
      pinned.current = true;
      return;
    }
    const timer = setTimeout(() => {
      pinned.current = false;
    }, 300);
    return () => clearTimeout(timer);
  }, [atBottom]);
  useEffect(() => {
    const element = root.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [root, virtuoso]);
}

import { type FocusEvent, type KeyboardEvent, type RefObject, useCallback, useRef, useState } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';

function focusItem(root: HTMLElement | null, id: string, attempts = 6): void {
  const item = root?.querySelector<HTMLElement>(`[data-roving-id="${CSS.escape(id)}"]`);
  if (item) item.focus();
  else if (attempts > 0) requestAnimationFrame(() => focusItem(root, id, attempts - 1));
}

/**
 * One Tab stop for a (virtualised) list: the item last focused, else `preferredId` (the open one),
 * else the first; ArrowUp/ArrowDown/Home/End move the focus, scrolling the item into view. Items
 * carry `data-roving-id` and `tabIndex={id === tabStopId ? 0 : -1}`.
 */
export function useRovingList(
  ids: readonly string[],
  preferredId: string | null,
  virtuoso: RefObject<VirtuosoHandle | null>,
) {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const tabStopId =
    focusedId && ids.includes(focusedId)
      ? focusedId
      : preferredId && ids.includes(preferredId)
        ? preferredId
        : (ids[0] ?? null);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>('[data-roving-id]');
      const current = item?.dataset.rovingId;
      if (!current) return;
      const index = ids.indexOf(current);
      const last = ids.length - 1;
      const next =
        event.key === 'ArrowDown'
          ? Math.min(index + 1, last)
          : event.key === 'ArrowUp'
            ? Math.max(index - 1, 0)
            : event.key === 'Home'
              ? 0
              : event.key === 'End'
                ? last
                : null;
      const nextId = next === null ? undefined : ids[next];
      if (next === null || nextId === undefined) return;
      event.preventDefault();
      setFocusedId(nextId);
      virtuoso.current?.scrollIntoView({ index: next });
      focusItem(root.current, nextId);
    },
    [ids, virtuoso],
  );

  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    const id = (event.target as HTMLElement).closest<HTMLElement>('[data-roving-id]')?.dataset.rovingId;
    if (id) setFocusedId(id);
  }, []);

  return { root, tabStopId, onKeyDown, onFocus };
}

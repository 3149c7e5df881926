import { type Ref, useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { ListProps } from 'react-virtuoso';
import { useTranslation } from '../../i18n';

export interface HeaderContext {
  /** Virtuoso's `data-item-index` of the newest row. */
  lastItemIndex: number;
  hasOlder: boolean;
  olderStatus: 'idle' | 'loading' | 'error';
  title: string;
  kind: 'direct' | 'group';
  loadOlder(): void;
}

export function TranscriptHeader({ context }: { context: HeaderContext }) {
  const { t } = useTranslation();
  if (context.hasOlder) {
    return (
      <div className="transcript__edge">
        {context.olderStatus === 'error' ? (
          <>
            {t('messages.olderFailed')}{' '}
            <button type="button" className="link-button" onClick={context.loadOlder}>
              {t('messages.tryAgain')}
            </button>
          </>
        ) : (
          <span className="muted">
            <span className="spinner" aria-hidden="true" /> {t('messages.loadingOlder')}
          </span>
        )}
      </div>
    );
  }
  return (
    <div className="transcript__edge transcript__edge--start">
      {context.kind === 'direct'
        ? t('messages.beginningDirect', { title: context.title })
        : t('messages.beginningGroup', { title: context.title })}
    </div>
  );
}

export function EmptyTranscript({ context }: { context: HeaderContext }) {
  const { t } = useTranslation();
  return (
    <div className="transcript__empty">
      <p>
        {context.kind === 'direct'
          ? t('messages.emptyDirect', { title: context.title })
          : t('messages.emptyGroup', { title: context.title })}
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
export function TranscriptList({
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

export const transcriptComponents = {
  Header: TranscriptHeader,
  EmptyPlaceholder: EmptyTranscript,
  List: TranscriptList,
};

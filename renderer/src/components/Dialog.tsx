import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from '../i18n';
import { Icon } from './Icon';
import { makeBackgroundInert } from './live-layer';
import './dialog.css';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** The element focused when the dialog opens; otherwise the first focusable one. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Hides the visible title (the dialog keeps it as its accessible name). */
  hideTitle?: boolean;
  size?: 'sm' | 'md';
  /** Extra content of the footer (buttons), right-aligned. */
  footer?: ReactNode;
  className?: string;
}

/**
 * A modal dialog: named by its title, Esc closes it, focus stays inside and returns where it came
 * from, and the page behind is inert while it is open.
 */
export function Dialog({
  title,
  onClose,
  children,
  initialFocus,
  hideTitle = false,
  size = 'md',
  footer,
  className,
}: DialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const backdropRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Modal for real: the page behind cannot be clicked, tabbed to or read (aria-modal alone is not honoured everywhere).
    const restoreBackground = backdropRef.current ? makeBackgroundInert(backdropRef.current) : undefined;
    const panel = panelRef.current;
    const target = initialFocus?.current ?? panel?.querySelector<HTMLElement>(FOCUSABLE) ?? panel;
    target?.focus();
    return () => {
      // The page first: an inert element cannot take the focus back.
      restoreBackground?.();
      if (previouslyFocused?.isConnected) previouslyFocused.focus();
    };
  }, [initialFocus]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      onCloseRef.current();
      return;
    }
    if (event.key !== 'Tab' || !panelRef.current) return;
    const focusable = [...panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (element) => element.offsetParent !== null || element === document.activeElement,
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    // biome-ignore lint/a11y/noStaticElementInteractions: clicking outside is a mouse shortcut; Esc and the Close button are the accessible ways out
    <div
      ref={backdropRef}
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onCloseRef.current();
      }}
    >
      <div
        ref={panelRef}
        className={`dialog dialog--${size}${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className={hideTitle ? 'dialog__header visually-hidden' : 'dialog__header'}>
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          {!hideTitle && (
            <button
              type="button"
              className="icon-button"
              aria-label={t('common.close')}
              title={t('components.closeWithEsc')}
              onClick={onClose}
            >
              <Icon name="close" />
            </button>
          )}
        </div>
        <div className="dialog__body">{children}</div>
        {footer && <div className="dialog__footer">{footer}</div>}
      </div>
    </div>,
    document.body,
  );
}

import { useEffect } from 'react';
import { parseMessageLink } from '../features/messages/transcript-rows';
import { useAppStore } from '../store/react';
import { useClient } from './context';

/**
 * After sign-in the sign-in form is gone and focus with it: it goes to the composer of the open
 * conversation, else to the directory search.
 */
export function useFocusAfterSignIn(): void {
  const ready = useAppStore((state) => state.conversationsStatus === 'ready');
  useEffect(() => {
    if (!ready) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const target =
      document.querySelector<HTMLElement>('.composer__input') ??
      document.querySelector<HTMLElement>('#directory-search');
    target?.focus();
  }, [ready]);
}

/** Opens a copied message link (`…/#/conversation/<id>/message/<id>?seq=<n>`) on load and on hash change. */
export function useMessageLinks(): void {
  const client = useClient();
  const ready = useAppStore((state) => state.conversationsStatus === 'ready');
  useEffect(() => {
    if (!ready) return;
    const open = () => {
      const link = parseMessageLink(window.location.hash);
      if (!link) return;
      void client.historyAround(link.conversationId, link.seq).catch(() => undefined);
      history.replaceState(null, '', window.location.pathname + window.location.search);
    };
    open();
    window.addEventListener('hashchange', open);
    return () => window.removeEventListener('hashchange', open);
  }, [client, ready]);
}

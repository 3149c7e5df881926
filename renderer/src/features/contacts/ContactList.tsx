import { memo, type Ref, useCallback, useEffect, useMemo, useRef } from 'react';
import {
  type ItemProps,
  type ListProps,
  type ListRange,
  Virtuoso,
  type VirtuosoHandle,
} from 'react-virtuoso';
import { i18n, useTranslation } from '../../i18n';
import { useRovingList } from '../../lib/use-roving-list';
import { useAppStore, useStoreApi, useUser } from '../../store/react';
import { createSortedContactIdsSelector, directPartnerId, displayName } from '../../store/selectors';
import { useOpenDirect } from '../conversations/use-open-direct';
import { PersonSummary, usePersonLabel } from '../presence/person';
import './contacts.css';

function ContactsList({ ref, ...props }: ListProps<HTMLUListElement> & { ref?: Ref<HTMLUListElement> }) {
  return <ul {...props} ref={ref} aria-label={i18n.t('contacts.title')} className="row-list" />;
}

function ContactItem({ item, children, ...props }: ItemProps<string>) {
  const label = usePersonLabel(item);
  return (
    <li {...props} aria-label={label} className="row-list__item">
      {children}
    </li>
  );
}

const components = { List: ContactsList, Item: ContactItem };

const ContactRow = memo(function ContactRow({ userId, tabStop }: { userId: string; tabStop: boolean }) {
  const { t } = useTranslation();
  const openDirect = useOpenDirect();
  const user = useUser(userId);
  const isOpen = useAppStore((state) => {
    const active = state.activeConversationId ? state.conversations[state.activeConversationId] : undefined;
    return directPartnerId(active, state.me?.id) === userId;
  });
  return (
    <button
      type="button"
      className="contact-row"
      data-roving-id={userId}
      tabIndex={tabStop ? 0 : -1}
      data-active={isOpen || undefined}
      onClick={() => void openDirect(userId)}
      aria-current={isOpen ? 'true' : undefined}
      title={t('contacts.chatWith', { name: displayName(user) })}
    >
      <PersonSummary userId={userId} />
    </button>
  );
});

/** Favourite people with live presence, available first; virtualised for very large lists. */
export function ContactList() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const selectSorted = useMemo(() => createSortedContactIdsSelector(), []);
  const ids = useAppStore(selectSorted);
  const status = useAppStore((state) => state.contactsStatus);
  const error = useAppStore((state) => state.contactsError);
  const openPartnerId = useAppStore((state) => {
    const active = state.activeConversationId ? state.conversations[state.activeConversationId] : undefined;
    return directPartnerId(active, state.me?.id) ?? null;
  });
  const virtuoso = useRef<VirtuosoHandle>(null);
  const roving = useRovingList(ids, openPartnerId, virtuoso);

  const onRange = useCallback(
    (range: ListRange) => {
      const current = selectSorted(store.getState());
      store.getState().setVisibleContacts(current.slice(range.startIndex, range.endIndex + 1));
    },
    [store, selectSorted],
  );

  // Rows that are no longer on screen leave the presence subscription.
  useEffect(() => () => store.getState().setVisibleContacts([]), [store]);

  return (
    <section className="sidebar-section sidebar-section--contacts" aria-labelledby="contacts-heading">
      <div className="sidebar-section__header">
        <h2 id="contacts-heading" className="sidebar-section__title">
          {t('contacts.title')}
        </h2>
        <span className="sidebar-section__count">{ids.length > 0 ? ids.length : ''}</span>
      </div>
      {ids.length === 0 ? (
        <div className="sidebar-section__empty">
          {status === 'loading' || status === 'idle' ? (
            <span className="muted">{t('contacts.loading')}</span>
          ) : status === 'error' ? (
            <span className="error-text">{error}</span>
          ) : (
            <span className="muted">{t('contacts.empty')}</span>
          )}
          <ul aria-label={t('contacts.title')} className="row-list" />
        </div>
      ) : (
        // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move the focus between the rows inside
        <div
          ref={roving.root}
          className="sidebar-section__roving"
          onKeyDown={roving.onKeyDown}
          onFocus={roving.onFocus}
        >
          <Virtuoso
            ref={virtuoso}
            className="sidebar-section__scroller"
            // The roving row is the list's one Tab stop; the scroller (focusable by default) is not.
            tabIndex={-1}
            data={ids}
            components={components}
            computeItemKey={(_, id) => id}
            itemContent={(_, id) => <ContactRow userId={id} tabStop={id === roving.tabStopId} />}
            rangeChanged={onRange}
            increaseViewportBy={200}
          />
        </div>
      )}
    </section>
  );
}

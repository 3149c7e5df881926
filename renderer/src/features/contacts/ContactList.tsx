import { memo, type Ref, useCallback, useMemo } from 'react';
import { type ItemProps, type ListProps, type ListRange, Virtuoso } from 'react-virtuoso';
import { useClient } from '../../app/context';
import { useToast } from '../../app/toasts';
import { Icon } from '../../components/Icon';
import { describeError } from '../../socket';
import { createSortedContactIdsSelector, directPartnerId, displayName } from '../../store/selectors';
import { useAppStore, useStoreApi, useUser } from '../../store/react';
import { useOpenDirect } from '../conversations/use-open-direct';
import { PersonSummary, usePersonLabel } from '../presence/person';
import './contacts.css';

function ContactsList({ ref, ...props }: ListProps<HTMLDivElement> & { ref?: Ref<HTMLDivElement> }) {
  return <div {...props} ref={ref} role="list" aria-label="Contacts" className="row-list" />;
}

function ContactItem({ item, children, ...props }: ItemProps<string>) {
  const label = usePersonLabel(item);
  return (
    <div {...props} role="listitem" aria-label={label} className="row-list__item">
      {children}
    </div>
  );
}

const components = { List: ContactsList, Item: ContactItem };

const ContactRow = memo(function ContactRow({ userId }: { userId: string }) {
  const openDirect = useOpenDirect();
  const client = useClient();
  const toast = useToast();
  const user = useUser(userId);
  const isOpen = useAppStore((state) => {
    const active = state.activeConversationId ? state.conversations[state.activeConversationId] : undefined;
    return directPartnerId(active, state.me?.id) === userId;
  });
  const name = displayName(user);
  return (
    <div className="contact-row" data-active={isOpen || undefined}>
      <button
        type="button"
        className="contact-row__open"
        onClick={() => void openDirect(userId)}
        aria-current={isOpen ? 'true' : undefined}
        title={`Chat with ${name}`}
      >
        <PersonSummary userId={userId} />
      </button>
      <button
        type="button"
        className="icon-button contact-row__remove"
        aria-label={`Remove ${name} from contacts`}
        title="Remove from contacts"
        onClick={() =>
          client.removeContact(userId).catch((error: unknown) => toast(`Could not remove ${name}. ${describeError(error)}`))
        }
      >
        <Icon name="remove" size={16} />
      </button>
    </div>
  );
});

/** Favourite people with live presence, available first; virtualised for very large lists. */
export function ContactList() {
  const store = useStoreApi();
  const selectSorted = useMemo(() => createSortedContactIdsSelector(), []);
  const ids = useAppStore(selectSorted);
  const status = useAppStore((state) => state.contactsStatus);
  const error = useAppStore((state) => state.contactsError);

  const onRange = useCallback(
    (range: ListRange) => {
      const current = selectSorted(store.getState());
      store.getState().setVisibleContacts(current.slice(range.startIndex, range.endIndex + 1));
    },
    [store, selectSorted],
  );

  return (
    <section className="sidebar-section sidebar-section--contacts" aria-labelledby="contacts-heading">
      <div className="sidebar-section__header">
        <h2 id="contacts-heading" className="sidebar-section__title">
          Contacts
        </h2>
        <span className="sidebar-section__count">{ids.length > 0 ? ids.length : ''}</span>
      </div>
      {ids.length === 0 ? (
        <div className="sidebar-section__empty">
          {status === 'loading' || status === 'idle' ? (
            <span className="muted">Loading contacts…</span>
          ) : status === 'error' ? (
            <span className="error-text">{error}</span>
          ) : (
            <span className="muted">No contacts yet. Search for colleagues above and add them.</span>
          )}
          <div role="list" aria-label="Contacts" />
        </div>
      ) : (
        <Virtuoso
          className="sidebar-section__scroller"
          data={ids}
          components={components}
          computeItemKey={(_, id) => id}
          itemContent={(_, id) => <ContactRow userId={id} />}
          rangeChanged={onRange}
          increaseViewportBy={200}
        />
      )}
    </section>
  );
}

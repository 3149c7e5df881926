import { memo, useState } from 'react';
import { useClient } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useTranslation } from '../../i18n';
import { describeError } from '../../socket';
import type { SearchScope } from '../../store';
import { useAppStore, useUser } from '../../store/react';
import { displayName } from '../../store/selectors';
import { useOpenDirect } from '../conversations/use-open-direct';
import { PersonSummary, usePersonLabel } from '../presence/person';
import './directory.css';

const ResultRow = memo(function ResultRow({ userId, onOpened }: { userId: string; onOpened(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const toast = useToast();
  const openDirect = useOpenDirect();
  const user = useUser(userId);
  const label = usePersonLabel(userId);
  const isContact = useAppStore((state) => state.contactIds.includes(userId));
  const [adding, setAdding] = useState(false);
  const name = displayName(user);

  const add = () => {
    setAdding(true);
    client
      .addContact(userId)
      .catch((error: unknown) => toast(t('directory.addFailed', { name, error: describeError(error) })))
      .finally(() => setAdding(false));
  };

  return (
    <li className="result-row" aria-label={label}>
      <PersonSummary userId={userId} detail={user?.email} />
      <span className="result-row__actions">
        {isContact ? (
          <span className="result-row__badge">{t('directory.inContacts')}</span>
        ) : (
          <button
            type="button"
            className="button button--small"
            onClick={add}
            disabled={adding}
            title={t('directory.addTitle', { name })}
          >
            {t('directory.add')}
          </button>
        )}
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => {
            void openDirect(userId);
            onOpened();
          }}
          title={t('directory.messageTitle', { name })}
        >
          {t('directory.message')}
        </button>
      </span>
    </li>
  );
});

/** Directory search results with "Add to contacts" and "Message" for each person. */
export interface SearchResultsProps {
  scope: SearchScope;
  /** What is typed in the box (the search may still be running for an older query). */
  pendingQuery: string;
  /** A conversation was opened from the results. */
  onOpened(): void;
}

export function SearchResults({ scope, pendingQuery, onOpened }: SearchResultsProps) {
  const { t } = useTranslation();
  const search = useAppStore((state) => state.searches[scope]);
  const typing = pendingQuery.trim() !== search.query;
  return (
    <section className="search-results" aria-label={t('directory.results')}>
      <div className="search-results__status" role="status">
        {search.status === 'error'
          ? null
          : search.status === 'loading' || typing
            ? t('directory.searching')
            : search.resultIds.length === 0
              ? t('directory.noMatch', { query: search.query })
              : t('directory.count', { count: search.resultIds.length })}
      </div>
      {search.status === 'error' && <p className="error-text search-results__error">{search.error}</p>}
      <ul className="search-results__list" aria-label={t('directory.people')}>
        {search.resultIds.map((id) => (
          <ResultRow key={id} userId={id} onOpened={onOpened} />
        ))}
      </ul>
    </section>
  );
}

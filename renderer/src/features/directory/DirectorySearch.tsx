import { useEffect, useRef } from 'react';
import { useClient } from '../../app/context';
import { Icon } from '../../components/Icon';
import { useTranslation } from '../../i18n';

const SEARCH_DEBOUNCE_MS = 200;

export interface DirectorySearchProps {
  query: string;
  onQueryChange(query: string): void;
}

/** The "Search people" box: searches the whole organisation's directory as the user types. */
export function DirectorySearch({ query, onQueryChange }: DirectorySearchProps) {
  const { t } = useTranslation();
  const client = useClient();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setTimeout(
      () => void client.searchDirectory('sidebar', query),
      query.trim() ? SEARCH_DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [client, query]);

  return (
    <div className="directory-search">
      <span className="directory-search__icon">
        <Icon name="search" size={16} />
      </span>
      <label className="visually-hidden" htmlFor="directory-search">
        {t('directory.search')}
      </label>
      <input
        ref={inputRef}
        id="directory-search"
        className="directory-search__input"
        type="text"
        placeholder={t('directory.search')}
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => onQueryChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && query) {
            event.preventDefault();
            onQueryChange('');
          }
        }}
      />
    </div>
  );
}

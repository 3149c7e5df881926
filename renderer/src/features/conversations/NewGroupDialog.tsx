import { LIMITS } from '@beacon/protocol';
import { useEffect, useId, useMemo, useState } from 'react';
import { useClient } from '../../app/context';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useTranslation } from '../../i18n';
import { describeError } from '../../socket';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';
import { PersonSummary } from '../presence/person';
import { matchScore } from '../quick-switcher/rank';
import './new-group.css';
import { FormField, fieldDescribedBy } from '../../components/FormField';

/** Creates a group chat: a title and members picked from contacts or the directory. */
export function NewGroupDialog({ onClose }: { onClose(): void }) {
  const client = useClient();
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { title: useId(), find: useId(), members: useId() };
  const meId = useAppStore((state) => state.me?.id);
  const users = useAppStore((state) => state.users);
  const contactIds = useAppStore((state) => state.contactIds);
  const search = useAppStore((state) => state.searches.picker);

  useEffect(() => {
    const timer = setTimeout(() => void client.searchDirectory('picker', query), query.trim() ? 200 : 0);
    return () => clearTimeout(timer);
  }, [client, query]);
  useEffect(() => () => void client.searchDirectory('picker', ''), [client]);

  const candidates = useMemo(() => {
    const trimmed = query.trim();
    const pool = trimmed ? [...new Set([...contactIds, ...search.resultIds])] : contactIds;
    return pool
      .filter((id) => id !== meId && users[id])
      .filter(
        (id) => !trimmed || matchScore(displayName(users[id]), trimmed) > 0 || search.resultIds.includes(id),
      )
      .sort((a, b) => displayName(users[a]).localeCompare(displayName(users[b])));
  }, [query, contactIds, search.resultIds, meId, users]);

  const toggle = (userId: string, on: boolean) =>
    setSelected((list) =>
      on ? (list.includes(userId) ? list : [...list, userId]) : list.filter((id) => id !== userId),
    );

  const create = async () => {
    if (selected.length === 0 || creating) return;
    setCreating(true);
    setError(null);
    try {
      await client.createGroup(selected, title);
      onClose();
    } catch (failure) {
      setError(t('conversations.createFailed', { reason: describeError(failure) }));
      setCreating(false);
    }
  };

  return (
    <Dialog
      title={t('conversations.newGroupDialog')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={() => void create()}
            disabled={selected.length === 0 || creating}
            aria-busy={creating || undefined}
          >
            {t('conversations.create')}
          </button>
        </>
      }
    >
      <FormField id={ids.title} label={t('conversations.title')} hint={t('conversations.titleHint')}>
        <input
          id={ids.title}
          className="input"
          type="text"
          maxLength={LIMITS.titleMaxChars}
          placeholder={t('conversations.titlePlaceholder')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-describedby={fieldDescribedBy(ids.title, { hint: true })}
        />
      </FormField>
      <fieldset className="new-group__members" aria-describedby={ids.members}>
        <legend className="field__label">{t('conversations.members')}</legend>
        <div id={ids.members} className="new-group__chips" aria-live="polite">
          {selected.length === 0 ? (
            <span className="field__hint">{t('conversations.pickOne')}</span>
          ) : (
            selected.map((id) => (
              <span key={id} className="chip">
                {displayName(users[id])}
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={t('conversations.removeName', { name: displayName(users[id]) })}
                  onClick={() => toggle(id, false)}
                >
                  <Icon name="close" size={12} />
                </button>
              </span>
            ))
          )}
        </div>
        <label className="visually-hidden" htmlFor={ids.find}>
          {t('conversations.findPeople')}
        </label>
        <input
          id={ids.find}
          className="input"
          type="search"
          placeholder={t('conversations.findPeople')}
          autoComplete="off"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && query) {
              event.stopPropagation();
              event.preventDefault();
              setQuery('');
            }
          }}
        />
        <ul className="new-group__list" aria-label={t('conversations.people')}>
          {candidates.map((id) => (
            <li key={id}>
              <label className="new-group__option">
                <input
                  type="checkbox"
                  aria-label={displayName(users[id])}
                  checked={selected.includes(id)}
                  onChange={(event) => toggle(id, event.target.checked)}
                />
                <PersonSummary userId={id} />
              </label>
            </li>
          ))}
          {candidates.length === 0 && (
            <li className="field__hint new-group__none">
              {search.status === 'loading'
                ? t('conversations.searching')
                : query.trim()
                  ? t('conversations.noOneMatches')
                  : t('conversations.noContacts')}
            </li>
          )}
        </ul>
      </fieldset>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

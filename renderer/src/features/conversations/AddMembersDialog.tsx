import { useEffect, useMemo, useState } from 'react';
import { useClient } from '../../app/context';
import { Dialog } from '../../components/Dialog';
import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';
import { PersonSummary } from '../presence/person';
import { GroupDialogFooter, type GroupDialogProps, useGroupChange } from './GroupDialogs';

/** Adds people to a group: contacts, or anyone found in the directory; members already in it are left out. */
export function AddMembersDialog({ conversation, onClose }: GroupDialogProps) {
  const client = useClient();
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const change = useGroupChange(onClose);
  const users = useAppStore((state) => state.users);
  const contactIds = useAppStore((state) => state.contactIds);
  const resultIds = useAppStore((state) => state.searches.picker.resultIds);
  useEffect(() => {
    const timer = setTimeout(() => void client.searchDirectory('picker', query), query.trim() ? 200 : 0);
    return () => clearTimeout(timer);
  }, [client, query]);
  useEffect(() => () => void client.searchDirectory('picker', ''), [client]);
  const candidates = useMemo(
    () =>
      [...new Set([...(query.trim() ? resultIds : contactIds)])].filter(
        (id) => users[id] && !conversation.memberIds.includes(id),
      ),
    [query, resultIds, contactIds, users, conversation.memberIds],
  );
  const add = () =>
    change.run(
      () => client.updateConversation(conversation.id, { addMemberIds: selected }),
      (reason) => t('conversations.addFailed', { reason }),
    );
  return (
    <Dialog
      title={t('conversations.addPeople')}
      onClose={onClose}
      footer={
        <GroupDialogFooter
          busy={change.busy}
          label={
            selected.length > 1
              ? t('conversations.addCount', { count: selected.length })
              : t('conversations.add')
          }
          onClose={onClose}
          onConfirm={add}
          disabled={selected.length === 0}
        />
      }
    >
      <input
        className="input"
        type="search"
        aria-label={t('conversations.findPeople')}
        placeholder={t('conversations.findInDirectory')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <ul className="group-picker" aria-label={t('conversations.peopleToAdd')}>
        {candidates.map((id) => (
          <li key={id}>
            <label className="group-picker__row">
              <input
                type="checkbox"
                checked={selected.includes(id)}
                onChange={(event) =>
                  setSelected((list) =>
                    event.target.checked ? [...list, id] : list.filter((other) => other !== id),
                  )
                }
                aria-label={displayName(users[id])}
              />
              <PersonSummary userId={id} />
            </label>
          </li>
        ))}
      </ul>
      {change.error && (
        <p className="alert" role="alert">
          {change.error}
        </p>
      )}
    </Dialog>
  );
}

import type { Conversation } from '@beacon/protocol';
import { useMemo, useState } from 'react';
import { useTranslation } from '../../i18n';
import { availabilityRank } from '../../lib/presence';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';
import { PersonSummary, usePersonLabel } from '../presence/person';
import { AddMembersDialog } from './AddMembersDialog';
import { LeaveGroupDialog, RemoveMemberDialog, RenameGroupDialog } from './GroupDialogs';

type OpenDialog = { kind: 'rename' | 'add' | 'leave' } | { kind: 'remove'; userId: string } | null;

function MemberRow({ userId, onRemove }: { userId: string; onRemove?: () => void }) {
  const { t } = useTranslation();
  const label = usePersonLabel(userId);
  const name = useAppStore((state) => displayName(state.users[userId]));
  return (
    <li className="group-members__item" aria-label={label}>
      <PersonSummary userId={userId} />
      {onRemove && (
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={onRemove}
          aria-label={t('conversations.removeName', { name })}
        >
          {t('conversations.remove')}
        </button>
      )}
    </li>
  );
}

/**
 * A group's other members with their presence, in the contact list's order (availability, then
 * name); while I am a member, also rename, add people, remove someone and leave.
 */
export function GroupMemberList({
  conversation,
  meId,
}: {
  conversation: Conversation;
  meId: string | undefined;
}) {
  const { t } = useTranslation();
  const availabilityVersion = useAppStore((state) => state.availabilityVersion);
  const users = useAppStore((state) => state.users);
  const presences = useAppStore((state) => state.presences);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const member = meId !== undefined && conversation.memberIds.includes(meId);
  const manageable = member && conversation.kind === 'group';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the presence Map is updated in place; availabilityVersion says when the order can change.
  const ids = useMemo(
    () =>
      conversation.memberIds
        .filter((id) => id !== meId)
        .map((id) => ({
          id,
          rank: availabilityRank(presences.get(id)?.status),
          name: displayName(users[id]).toLowerCase(),
        }))
        .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
        .map((entry) => entry.id),
    [conversation.memberIds, meId, users, presences, availabilityVersion],
  );
  const close = () => setDialog(null);
  return (
    <>
      <ul className="group-members" aria-label={t('conversations.members')}>
        {ids.map((id) => (
          <MemberRow
            key={id}
            userId={id}
            {...(manageable ? { onRemove: () => setDialog({ kind: 'remove', userId: id }) } : {})}
          />
        ))}
      </ul>
      {manageable && (
        <div className="group-members__actions">
          <button type="button" className="button button--small" onClick={() => setDialog({ kind: 'add' })}>
            {t('conversations.addPeople')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setDialog({ kind: 'rename' })}
          >
            {t('conversations.rename')}
          </button>
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => setDialog({ kind: 'leave' })}
          >
            {t('conversations.leaveGroup')}
          </button>
        </div>
      )}
      {dialog?.kind === 'rename' && <RenameGroupDialog conversation={conversation} onClose={close} />}
      {dialog?.kind === 'add' && <AddMembersDialog conversation={conversation} onClose={close} />}
      {dialog?.kind === 'leave' && <LeaveGroupDialog conversation={conversation} onClose={close} />}
      {dialog?.kind === 'remove' && (
        <RemoveMemberDialog conversation={conversation} userId={dialog.userId} onClose={close} />
      )}
    </>
  );
}

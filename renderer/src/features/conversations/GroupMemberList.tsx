import type { Conversation } from '@beacon/protocol';
import { useMemo } from 'react';
import { availabilityRank } from '../../lib/presence';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';
import { PersonSummary, usePersonLabel } from '../presence/person';

function MemberRow({ userId }: { userId: string }) {
  const label = usePersonLabel(userId);
  return (
    <li className="group-members__item" aria-label={label}>
      <PersonSummary userId={userId} />
    </li>
  );
}

/** A group's other members with their presence, in the contact list's order (availability, then name). */
export function GroupMemberList({
  conversation,
  meId,
}: {
  conversation: Conversation;
  meId: string | undefined;
}) {
  const availabilityVersion = useAppStore((state) => state.availabilityVersion);
  const users = useAppStore((state) => state.users);
  const presences = useAppStore((state) => state.presences);
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
  return (
    <ul className="group-members" aria-label="Members">
      {ids.map((id) => (
        <MemberRow key={id} userId={id} />
      ))}
    </ul>
  );
}

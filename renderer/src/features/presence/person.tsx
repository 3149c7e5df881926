import type { Presence } from '@beacon/protocol';
import { memo } from 'react';
import { Avatar } from '../../components/Avatar';
import { shownIdleText, statusWord } from '../../lib/presence';
import { useCoarseNow } from '../../lib/use-clock';
import { useAppStore, usePresence, useUser } from '../../store/react';
import { displayName } from '../../store/selectors';
import './person.css';

/**
 * The accessible name of a row showing a person: "Bob Baker, Busy, idle 12 min, In a meeting".
 * Display name and status word always come first.
 */
export function personLabel(name: string, presence: Presence | undefined, now: number): string {
  const parts = [name, statusWord(presence?.status ?? 'offline')];
  const idle = shownIdleText(presence, now);
  if (idle) parts.push(idle);
  if (presence?.message) parts.push(presence.message);
  return parts.join(', ');
}

/** "now" on the server's clock, ticking only while `enabled` (someone shown is idle). */
export function useServerNow(enabled: boolean): number {
  const offset = useAppStore((state) => state.clockOffset);
  return useCoarseNow(enabled) + offset;
}

/** The accessible name for a person's row, kept fresh while the person is idle. */
export function usePersonLabel(userId: string): string {
  const user = useUser(userId);
  const presence = usePresence(userId);
  const now = useServerNow(presence?.idleSince != null);
  return personLabel(displayName(user), presence, now);
}

/** Avatar with presence dot, name, and "Busy · idle 12 min · In a meeting". */
export const PersonSummary = memo(function PersonSummary({
  userId,
  detail,
}: {
  userId: string;
  /** Shown instead of the status note (e.g. the email in search results). */
  detail?: string;
}) {
  const user = useUser(userId);
  const presence = usePresence(userId);
  const now = useServerNow(presence?.idleSince != null);
  const status = presence?.status ?? 'offline';
  const idle = shownIdleText(presence, now);
  const name = displayName(user);
  const note = detail ?? presence?.message ?? null;
  return (
    <span className="person">
      <Avatar id={userId} name={name} status={status} />
      <span className="person__text">
        <span className="person__name">{name}</span>
        <span className="person__status">
          <span className="person__word" data-status={status}>
            {statusWord(status)}
          </span>
          {idle && <span className="person__idle"> · {idle}</span>}
          {note && <span className="person__note"> · {note}</span>}
        </span>
      </span>
    </span>
  );
});

import type { Presence } from '@beacon/protocol';
import { memo } from 'react';
import { Avatar } from '../../components/Avatar';
import { BotBadge, isBot } from '../../components/BotBadge';
import { i18n } from '../../i18n';
import { shownIdleText } from '../../lib/presence';
import { presenceHeadline, staleText } from '../../lib/presence-text';
import { useUser } from '../../store/react';
import { displayName } from '../../store/selectors';
import { usePresenceView, useServerNow, useStaleSince } from './use-presence-view';
import './person.css';

export { useServerNow } from './use-presence-view';

/**
 * The accessible name of a row showing a person: "Bob Baker, Busy until 15:00, idle 12 min, In a
 * meeting", with "last known · 10:42" while disconnected. Display name and status always come first.
 */
export function personLabel(
  name: string,
  presence: Presence | undefined,
  now: number,
  staleSince: number | null = null,
): string {
  const parts = [name, presenceHeadline(presence, now)];
  if (staleSince !== null) parts.push(staleText(staleSince));
  const idle = shownIdleText(presence, now);
  if (idle) parts.push(idle);
  if (presence?.message) parts.push(presence.message);
  return parts.join(', ');
}

/** The accessible name for a person's row, kept fresh while the person is idle. */
export function usePersonLabel(userId: string): string {
  const user = useUser(userId);
  const view = usePresenceView(userId);
  const staleSince = useStaleSince();
  const now = useServerNow(view.presence?.idleSince != null || view.presence?.until != null);
  const name = isBot(user) ? i18n.t('presence.person.bot', { name: displayName(user) }) : displayName(user);
  return personLabel(name, view.presence, now, staleSince);
}

/** Avatar with presence dot, name, and "Busy until 15:00 · idle 12 min · In a meeting"; the tooltip says why. */
export const PersonSummary = memo(function PersonSummary({
  userId,
  detail,
}: {
  userId: string;
  /** Shown instead of the status note (e.g. the email in search results). */
  detail?: string;
}) {
  const user = useUser(userId);
  const view = usePresenceView(userId);
  const name = displayName(user);
  const note = detail ?? view.presence?.message ?? null;
  return (
    <span className="person" title={`${name}\n${view.details}`}>
      <Avatar id={userId} name={name} status={view.status} stale={view.stale !== null} />
      <span className="person__text">
        <span className="person__name">
          {name}
          <BotBadge bot={isBot(user)} />
        </span>
        <span className="person__status">
          <span
            className="person__word"
            data-status={view.status}
            data-stale={view.stale !== null || undefined}
          >
            {view.headline}
          </span>
          {view.stale && <span className="person__stale"> · {view.stale}</span>}
          {view.idle && <span className="person__idle"> · {view.idle}</span>}
          {note && <span className="person__note"> · {note}</span>}
        </span>
      </span>
    </span>
  );
});

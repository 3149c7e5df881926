import type { Presence, PresenceStatus } from '@beacon/protocol';
import { useTranslation } from '../../i18n';
import { shownIdleText } from '../../lib/presence';
import { presenceDetails, presenceHeadline, staleText } from '../../lib/presence-text';
import { useCoarseNow } from '../../lib/use-clock';
import { useAppStore, usePresence } from '../../store/react';

/** "now" on the server's clock, ticking only while `enabled` (someone shown is idle or has an end time). */
export function useServerNow(enabled: boolean): number {
  const offset = useAppStore((state) => state.clockOffset);
  return useCoarseNow(enabled) + offset;
}

/** Since when the presences on screen are only "last known" (the connection is down), or null. */
export function useStaleSince(): number | null {
  return useAppStore((state) =>
    state.connection.status === 'online' || state.connection.status === 'offline'
      ? null
      : state.connection.since,
  );
}

export interface PresenceView {
  presence: Presence | undefined;
  status: PresenceStatus;
  /** "Busy until 15:00", "Away · Out of office until …". */
  headline: string;
  idle: string | null;
  /** Everything known, one line each, for a tooltip. */
  details: string;
  /** "last known · 10:42" while disconnected, else null. */
  stale: string | null;
}

/** What the UI shows for one person's presence, kept fresh while it can change on its own. */
export function usePresenceView(userId: string | null | undefined): PresenceView {
  // Re-renders the (memoised) rows when the language changes: the texts come from plain helpers.
  useTranslation();
  const presence = usePresence(userId);
  const staleSince = useStaleSince();
  const now = useServerNow(presence?.idleSince != null || presence?.until != null);
  const status = presence?.status ?? 'offline';
  return {
    presence,
    status,
    headline: presenceHeadline(presence, now),
    idle: shownIdleText(presence, now),
    details: presenceDetails(presence, now, staleSince),
    stale: staleSince === null ? null : staleText(staleSince),
  };
}

import type { ChosenPresence, OutOfOffice, Presence } from '@beacon/protocol';
import type { AppState } from './types';

export function selectOwnPresence(state: AppState): Presence | undefined {
  return state.me ? state.presences.get(state.me.id) : undefined;
}

/**
 * What the user chose: a choice still waiting for the connection, else the server's `chosen` (v2),
 * else the v1 guess (`manualStatus`). Never an automatic away.
 */
export function selectChosen(state: AppState): ChosenPresence {
  const own = selectOwnPresence(state);
  const queued = state.queuedChoice;
  if (queued) {
    return {
      status: queued.status,
      message: queued.message === undefined ? (own?.chosen?.message ?? own?.message ?? null) : queued.message,
      until: queued.until ?? null,
    };
  }
  if (own?.chosen) return own.chosen;
  return {
    status: state.manualStatus ?? own?.status ?? 'available',
    message: own?.message ?? null,
    until: null,
  };
}

/** The own out-of-office layer as set (also before it starts), or null. */
export function selectOutOfOffice(state: AppState): OutOfOffice | null {
  return selectOwnPresence(state)?.outOfOffice ?? null;
}

import type { Presence } from '@beacon/protocol';
import type { SliceCreator } from './types';

export interface PresenceData {
  /** Effective presence by user id. Each entry is replaced, never mutated, so per-user selectors stay cheap. */
  presences: Record<string, Presence>;
}

export interface PresenceSlice extends PresenceData {
  /** Applies a batch of presence updates in one store update; stale updates (older `updatedAt`) are ignored. */
  applyPresences(updates: readonly Presence[]): void;
}

export const initialPresenceData = (): PresenceData => ({ presences: {} });

export const createPresenceSlice: SliceCreator<PresenceSlice> = (set, get) => ({
  ...initialPresenceData(),
  applyPresences: (updates) => {
    if (updates.length === 0) return;
    const current = get().presences;
    let next: Record<string, Presence> | null = null;
    for (const update of updates) {
      const known = (next ?? current)[update.userId];
      if (known && (known.updatedAt > update.updatedAt || samePresence(known, update))) continue;
      next ??= { ...current };
      next[update.userId] = update;
    }
    if (next) set({ presences: next });
  },
});

function samePresence(a: Presence, b: Presence): boolean {
  return (
    a.status === b.status &&
    a.message === b.message &&
    a.idleSince === b.idleSince &&
    a.updatedAt === b.updatedAt
  );
}

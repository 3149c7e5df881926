import type { Presence } from '@beacon/protocol';
import { availabilityRank } from '../lib/presence';
import type { SliceCreator } from './types';

export interface PresenceData {
  /**
   * Effective presence by user id. For speed with thousands of people this Map is updated in place
   * (copying it per update would cost O(n)); each entry is replaced, never mutated, so per-user
   * selectors (`presences.get(id)`) still see a new object exactly when that person changed.
   * Derived values must key on `presenceVersion`, not on the Map's identity.
   */
  presences: ReadonlyMap<string, Presence>;
  /** Increases with every applied batch. */
  presenceVersion: number;
  /** Increases only when someone changes between available and not (the contact list's sort key). */
  availabilityVersion: number;
}

export interface PresenceSlice extends PresenceData {
  /** Applies a batch of presence updates in one store update; stale updates (older `updatedAt`) are ignored. */
  applyPresences(updates: readonly Presence[]): void;
}

export const initialPresenceData = (): PresenceData => ({
  presences: new Map(),
  presenceVersion: 0,
  availabilityVersion: 0,
});

export const createPresenceSlice: SliceCreator<PresenceSlice> = (set, get) => ({
  ...initialPresenceData(),
  applyPresences: (updates) => {
    if (updates.length === 0) return;
    const presences = get().presences as Map<string, Presence>;
    let changed = false;
    let availabilityChanged = false;
    for (const update of updates) {
      const known = presences.get(update.userId);
      if (known && (known.updatedAt > update.updatedAt || samePresence(known, update))) continue;
      if (availabilityRank(known?.status) !== availabilityRank(update.status)) availabilityChanged = true;
      presences.set(update.userId, update);
      changed = true;
    }
    if (!changed) return;
    const { presenceVersion, availabilityVersion } = get();
    set({
      presenceVersion: presenceVersion + 1,
      availabilityVersion: availabilityChanged ? availabilityVersion + 1 : availabilityVersion,
    });
  },
});

function samePresence(a: Presence, b: Presence): boolean {
  return (
    a.status === b.status &&
    a.message === b.message &&
    a.idleSince === b.idleSince &&
    a.updatedAt === b.updatedAt &&
    a.source === b.source &&
    a.activity === b.activity &&
    a.until === b.until &&
    // The own view's extras are small; compare them by value.
    JSON.stringify([a.chosen, a.devices, a.outOfOffice]) ===
      JSON.stringify([b.chosen, b.devices, b.outOfOffice])
  );
}

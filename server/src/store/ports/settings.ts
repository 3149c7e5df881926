import type { PresenceLayerStore } from '../../presence/persist-queue';

/** Server-wide settings and the presence layers. */
/** Small server-wide key/value settings, e.g. the organisation's mail domain. */
export interface SettingsRepository {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Stores `value` unless the key already has one; returns the value stored after the call. */
  setIfAbsent(key: string, value: string): Promise<string>;
}

/**
 * Each user's current presence layers (chosen status, note, until, out of office, claims;
 * see server/src/presence/layers.ts). Only the current layers: no history is ever kept.
 * `save` of the default layers deletes the user's row. Device states are never stored.
 */
export type PresenceRepository = PresenceLayerStore;

import type { DeviceState, PresenceStatus } from '@beacon/protocol';

/** The user's manual choice; default `available` with no note and no end. */
export interface ChosenLayer {
  status: PresenceStatus;
  message: string | null;
  /** When it returns to `available` (note cleared) on its own, or null. */
  until: number | null;
}

export interface OutOfOfficeLayer {
  from: number;
  to: number;
  message: string | null;
}

/** A status set by another system (phone: "On a call", calendar: "In a meeting"). */
export interface ClaimLayer {
  /** Unique per source. */
  id: string;
  /** The integration that set it ("phone", "calendar"). */
  source: string;
  status: ClaimStatus;
  activity: string | null;
  until: number | null;
}

/** A claim can make a user look busier, never offline. */
export type ClaimStatus = Exclude<PresenceStatus, 'offline'>;

/** What is persisted per user: everything but device states. */
export interface PresenceLayers {
  chosen: ChosenLayer;
  outOfOffice: OutOfOfficeLayer | null;
  claims: ClaimLayer[];
}

/** One connected session's device, in memory only. */
export interface DeviceSession {
  state: DeviceState;
  since: number;
  label: string;
  /** The OS's own do-not-disturb ("Focus Assist") while the session reports it, else null. */
  osFocus: string | null;
}

export const DEFAULT_CHOSEN: ChosenLayer = Object.freeze({ status: 'available', message: null, until: null });

export function defaultLayers(): PresenceLayers {
  return { chosen: { ...DEFAULT_CHOSEN }, outOfOffice: null, claims: [] };
}

export function isDefaultLayers(layers: PresenceLayers): boolean {
  const { chosen } = layers;
  return (
    chosen.status === 'available' &&
    chosen.message === null &&
    chosen.until === null &&
    layers.outOfOffice === null &&
    layers.claims.length === 0
  );
}

/**
 * Drops every layer whose end has passed (an expired chosen status returns to the default).
 * Returns whether anything was dropped.
 */
export function dropExpired(layers: PresenceLayers, now: number): boolean {
  let changed = false;
  if (layers.chosen.until !== null && layers.chosen.until <= now) {
    layers.chosen = { ...DEFAULT_CHOSEN };
    changed = true;
  }
  if (layers.outOfOffice && layers.outOfOffice.to <= now) {
    layers.outOfOffice = null;
    changed = true;
  }
  const live = layers.claims.filter((claim) => claim.until === null || claim.until > now);
  if (live.length !== layers.claims.length) {
    layers.claims = live;
    changed = true;
  }
  return changed;
}

/** The next moment a layer starts or ends on its own (after `now`), or null. */
export function nextLayerDeadline(layers: PresenceLayers, now: number): number | null {
  const times: number[] = [];
  if (layers.chosen.until !== null) times.push(layers.chosen.until);
  const ooo = layers.outOfOffice;
  if (ooo) {
    if (ooo.from > now) times.push(ooo.from);
    times.push(ooo.to);
  }
  for (const claim of layers.claims) if (claim.until !== null) times.push(claim.until);
  return times.length > 0 ? Math.min(...times) : null;
}

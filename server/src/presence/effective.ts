import type { DeviceState, Presence, PresenceSource, PresenceStatus } from '@beacon/protocol';
import type { DeviceSession, PresenceLayers } from './layers';

/** How exactly others see when a user went idle (`--presence-idle-precision`). */
export type IdlePrecision = 'exact' | 'coarse' | 'none';
export const IDLE_PRECISIONS = ['exact', 'coarse', 'none'] as const satisfies readonly IdlePrecision[];
/** Coarse idle times are rounded down to these buckets. */
export const COARSE_IDLE_BUCKET_MS = 15 * 60 * 1000;

/** A presence without `userId` and `updatedAt`: what the engine compares to decide whether it changed. */
export type PresenceView = Omit<Presence, 'userId' | 'updatedAt'>;

export interface EffectiveInput {
  layers: PresenceLayers;
  /** Connected sessions by session id. */
  sessions: ReadonlyMap<string, DeviceSession>;
  /** False once the last session left and the grace period is over (or never connected). */
  online: boolean;
  now: number;
  idlePrecision: IdlePrecision;
}

const RANK: Record<PresenceStatus, number> = { available: 0, away: 1, busy: 2, dnd: 3, offline: -1 };
const OFFLINE_VIEW: PresenceView = Object.freeze({
  status: 'offline',
  message: null,
  idleSince: null,
  source: 'offline',
  activity: null,
  until: null,
});

interface Candidate {
  status: PresenceStatus;
  source: PresenceSource;
  activity: string | null;
  until: number | null;
}

/**
 * The contract's rule (docs/presence.md has the table): offline when appearing offline or
 * gone; else the strictest of chosen, out of office and claims (a tie goes to the
 * non-manual layer, which explains itself); then `available` over an all-idle set of
 * sessions shows `away`. Others get no `chosen`, `devices` or `outOfOffice`.
 */
export function effectivePresence(input: EffectiveInput): { own: PresenceView; others: PresenceView } {
  const { layers, sessions, online } = input;
  const ownExtras = {
    chosen: { ...layers.chosen },
    devices: [...sessions].map(([sessionId, device]) => ({
      sessionId,
      label: device.label,
      state: device.state,
      since: device.since,
    })),
    outOfOffice: layers.outOfOffice ? { ...layers.outOfOffice } : null,
  };
  if (!online) return { own: { ...OFFLINE_VIEW, ...ownExtras }, others: OFFLINE_VIEW };

  const idle = allAwaySince(sessions);
  const decided = strictest(input);
  let shown: Candidate = decided;
  if (decided.status === 'available' && idle) {
    shown = { status: 'away', source: idle.locked ? 'locked' : 'idle', activity: null, until: null };
  }
  const message = layers.chosen.message;
  const idleSince = idle?.since ?? null;
  if (layers.chosen.status === 'offline') {
    // Appear offline: the user's own sessions see the choice, others see the user gone.
    const own: PresenceView = {
      status: 'offline',
      message,
      idleSince,
      source: 'manual',
      activity: null,
      until: layers.chosen.until,
    };
    return { own: { ...own, ...ownExtras }, others: OFFLINE_VIEW };
  }
  const shownView: PresenceView = {
    status: shown.status,
    message,
    idleSince,
    source: shown.source,
    activity: shown.activity,
    until: shown.until,
  };
  return {
    own: { ...shownView, ...ownExtras },
    others: { ...shownView, idleSince: blurIdle(idleSince, input.idlePrecision) },
  };
}

function strictest({ layers, sessions, now }: EffectiveInput): Candidate {
  const { chosen, outOfOffice } = layers;
  let best: Candidate = {
    status: chosen.status === 'offline' ? 'available' : chosen.status,
    source: 'manual',
    activity: null,
    until: chosen.until,
  };
  const consider = (candidate: Candidate) => {
    const stricter = RANK[candidate.status] > RANK[best.status];
    const tiesWithManual = RANK[candidate.status] === RANK[best.status] && best.source === 'manual';
    if (stricter || tiesWithManual) best = candidate;
  };
  if (outOfOffice && outOfOffice.from <= now && now < outOfOffice.to) {
    consider({
      status: 'away',
      source: 'out_of_office',
      activity: outOfOffice.message ?? 'Out of office',
      until: outOfOffice.to,
    });
  }
  for (const claim of layers.claims) {
    consider({ status: claim.status, source: 'integration', activity: claim.activity, until: claim.until });
  }
  for (const device of sessions.values()) {
    if (device.osFocus !== null) {
      consider({ status: 'dnd', source: 'integration', activity: device.osFocus, until: null });
    }
  }
  return best;
}

const AWAY_STATES: ReadonlySet<DeviceState> = new Set(['idle', 'locked', 'suspended']);
const LOCKED_STATES: ReadonlySet<DeviceState> = new Set(['locked', 'suspended']);

/**
 * When every session is idle, locked or suspended: since when the user as a whole is
 * (the latest of their times) and whether every one is locked or suspended. Else null.
 */
function allAwaySince(
  sessions: ReadonlyMap<string, DeviceSession>,
): { since: number; locked: boolean } | null {
  if (sessions.size === 0) return null;
  let since = 0;
  let locked = true;
  for (const device of sessions.values()) {
    if (!AWAY_STATES.has(device.state)) return null;
    since = Math.max(since, device.since);
    if (!LOCKED_STATES.has(device.state)) locked = false;
  }
  return { since, locked };
}

function blurIdle(idleSince: number | null, precision: IdlePrecision): number | null {
  if (idleSince === null || precision === 'exact') return idleSince;
  if (precision === 'none') return null;
  return idleSince - (idleSince % COARSE_IDLE_BUCKET_MS);
}

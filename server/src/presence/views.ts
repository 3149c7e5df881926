import { isDeepStrictEqual } from 'node:util';
import type { DeviceState, Presence } from '@beacon/protocol';
import type { PresenceView } from './effective';
import { type DeviceSession, defaultLayers } from './layers';

/** A user the server has not seen connected: offline since `since`. */
export function offlinePresence(userId: string, since: number): Presence {
  return {
    userId,
    status: 'offline',
    message: null,
    idleSince: null,
    updatedAt: since,
    source: 'offline',
    activity: null,
    until: null,
  };
}

/** The own view of such a user: the default chosen layer, no device, no out of office. */
export function ownOfflinePresence(userId: string, since: number): Presence {
  return {
    ...offlinePresence(userId, since),
    chosen: defaultLayers().chosen,
    devices: [],
    outOfOffice: null,
  };
}

/** Whether `next` shows what `current` shows (`updatedAt` aside). */
export function sameView(current: Presence, next: PresenceView): boolean {
  const { userId: _userId, updatedAt: _updatedAt, ...shown } = current;
  return isDeepStrictEqual(shown, next);
}

/** A device's new state; `since` (clamped to now) defaults to now, or to the old time when the state stays. */
export function applyDeviceState(
  session: DeviceSession,
  next: DeviceState,
  since: number | undefined,
  now: number,
): void {
  const kept = session.state === next ? session.since : now;
  session.since = Math.min(since ?? kept, now);
  session.state = next;
}

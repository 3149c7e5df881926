import type { Presence, PresenceStatus, User } from '@beacon/protocol';
import type { SliceCreator } from './types';

export interface SessionData {
  me: User | null;
  serverUrl: string | null;
  /** serverTime − local time at the last `ready`, to show server timestamps relative to "now". */
  clockOffset: number;
  /**
   * v1 fallback only: the status the user chose, guessed from `ready` and remembered from our own
   * `presence:set`. A v2 server says it in the own presence's `chosen` (see `selectChosen`).
   */
  manualStatus: PresenceStatus | null;
  /** The organisation's "messages are recorded" notice from the last `ready`, as given; null: none. */
  recordingNotice: string | null;
}

export interface SessionSlice extends SessionData {
  startSession(serverUrl: string, user: User): void;
  /** The server's `ready`: who we are, our effective presence and its clock. */
  sessionReady(user: User, presence: Presence, serverTime: number): void;
  setManualStatus(status: PresenceStatus): void;
  setRecordingNotice(text: string | null): void;
}

export const initialSessionData = (): SessionData => ({
  me: null,
  serverUrl: null,
  clockOffset: 0,
  manualStatus: null,
  recordingNotice: null,
});

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => ({
  ...initialSessionData(),
  startSession: (serverUrl, user) => {
    set({ serverUrl, me: user, users: { ...get().users, [user.id]: user } });
  },
  sessionReady: (user, presence, serverTime) => {
    set({ me: user, clockOffset: serverTime - Date.now(), users: { ...get().users, [user.id]: user } });
    get().applyPresences([presence]);
    if (get().manualStatus === null) {
      const automaticAway = presence.status === 'away' && presence.idleSince !== null;
      set({ manualStatus: automaticAway ? 'available' : presence.status });
    }
  },
  setManualStatus: (manualStatus) => set({ manualStatus }),
  setRecordingNotice: (text) => set({ recordingNotice: text?.trim() || null }),
});

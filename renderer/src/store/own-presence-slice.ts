import type { PresenceSetPayload } from '@beacon/protocol';
import type { SliceCreator } from './types';

export interface PresenceAlert {
  id: number;
  userId: string;
  at: number;
}

export interface OwnPresenceData {
  /** `ready.protocol`: 2 for a v2 server, 1 when the server did not say. */
  serverProtocol: number;
  /** A status the user chose while disconnected; sent as soon as the connection is back. */
  queuedChoice: PresenceSetPayload | null;
  /** People with a pending "Tell me when available" (`presence:watch`). */
  watching: Readonly<Record<string, true>>;
  /** `presence:alert`s not yet shown to the user. */
  presenceAlerts: readonly PresenceAlert[];
}

export interface OwnPresenceSlice extends OwnPresenceData {
  setServerProtocol(protocol: number): void;
  setQueuedChoice(choice: PresenceSetPayload | null): void;
  setWatching(userId: string, watching: boolean): void;
  /** A watch fired: it has ended on the server, and the user should hear about it. */
  receivePresenceAlert(userId: string, at: number): void;
  dismissPresenceAlert(id: number): void;
}

export const initialOwnPresenceData = (): OwnPresenceData => ({
  serverProtocol: 1,
  queuedChoice: null,
  watching: {},
  presenceAlerts: [],
});

let nextAlertId = 1;

export const createOwnPresenceSlice: SliceCreator<OwnPresenceSlice> = (set, get) => ({
  ...initialOwnPresenceData(),
  setServerProtocol: (serverProtocol) => set({ serverProtocol }),
  setQueuedChoice: (queuedChoice) => set({ queuedChoice }),
  setWatching: (userId, watching) => {
    const current = get().watching;
    if (Boolean(current[userId]) === watching) return;
    const next = { ...current };
    if (watching) next[userId] = true;
    else delete next[userId];
    set({ watching: next });
  },
  receivePresenceAlert: (userId, at) => {
    get().setWatching(userId, false);
    set({ presenceAlerts: [...get().presenceAlerts, { id: nextAlertId++, userId, at }] });
  },
  dismissPresenceAlert: (id) =>
    set({ presenceAlerts: get().presenceAlerts.filter((alert) => alert.id !== id) }),
});

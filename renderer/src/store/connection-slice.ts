import type { SliceCreator } from './types';

/**
 * `connecting`: first connection of this session; `online`: connected and `ready` received;
 * `reconnecting`: lost and retrying; `offline`: not connected and not retrying (signed out).
 */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** Why the last attempt to connect failed; the banner words it in the UI language. */
export type ConnectionProblem = 'busy' | 'unreachable';

export interface ConnectionData {
  connection: { status: ConnectionStatus; error: ConnectionProblem | null; since: number };
}

export interface ConnectionSlice extends ConnectionData {
  setConnection(status: ConnectionStatus, error?: ConnectionProblem | null): void;
}

export const initialConnectionData = (): ConnectionData => ({
  connection: { status: 'offline', error: null, since: Date.now() },
});

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set, get) => ({
  ...initialConnectionData(),
  setConnection: (status, error = null) => {
    const current = get().connection;
    if (current.status === status && current.error === error) return;
    set({ connection: { status, error, since: current.status === status ? current.since : Date.now() } });
  },
});

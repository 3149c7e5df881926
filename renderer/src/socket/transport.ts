import { io } from 'socket.io-client';

/**
 * The subset of a socket.io-client Socket the client uses. Everything arriving from the server is
 * `unknown` here and validated before it reaches the store. Tests implement it with a fake.
 */
export interface TransportSocket {
  readonly connected: boolean;
  /** socket.io's `active`: false when the socket will not reconnect by itself (refused by the server). */
  readonly active: boolean;
  on(event: string, listener: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  connect(): void;
  disconnect(): void;
}

export type TransportFactory = (serverUrl: string, token: string) => TransportSocket;

/** The real transport: socket.io on the server's origin, keeping any path prefix the server lives under. */
export const createSocketIoTransport: TransportFactory = (serverUrl, token) => {
  const url = new URL(serverUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  const socket = io(url.origin, {
    path: `${prefix}/socket.io`,
    auth: { token },
    autoConnect: false,
    forceNew: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    randomizationFactor: 0.3,
    timeout: 10_000,
  });
  return {
    get connected() {
      return socket.connected;
    },
    get active() {
      return socket.active;
    },
    on: (event, listener) => {
      socket.on(event, listener);
    },
    emit: (event, ...args) => {
      socket.emit(event, ...args);
    },
    connect: () => {
      socket.connect();
    },
    disconnect: () => {
      socket.disconnect();
    },
  };
};

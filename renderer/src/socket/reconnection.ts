import type { AppStore } from '../store';
import type { TransportSocket } from './transport';

const MAX_RECONNECT_DELAY_MS = 30_000;

export interface ReconnectionDeps {
  store: AppStore;
  socket: TransportSocket;
  isStopped(): boolean;
  /** Whether this client was ever `ready` (then a loss is "reconnecting", not "connecting"). */
  wasEverReady(): boolean;
  /** The handshake was refused for the token. */
  onUnauthorized(): void;
}

/**
 * The connection state shown to the user and the retries socket.io does not make by itself
 * (after the server closed the session, or when it gave up).
 */
export class Reconnection {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private sessionEnded = false;

  constructor(private readonly deps: ReconnectionDeps) {}

  onConnect(): void {
    this.attempts = 0;
  }

  onDisconnect(reason: string): void {
    if (this.deps.isStopped()) return;
    this.deps.store.getState().setConnection(this.deps.wasEverReady() ? 'reconnecting' : 'connecting');
    // The server closed this session: socket.io does not retry by itself in that case.
    if (reason === 'io server disconnect' && !this.sessionEnded) this.schedule();
  }

  onConnectError(error: unknown): void {
    if (this.deps.isStopped()) return;
    const message = error instanceof Error ? error.message : String(error);
    if (message === 'unauthorized') {
      this.deps.onUnauthorized();
      return;
    }
    const detail = message === 'rate_limited' ? 'busy' : 'unreachable';
    this.deps.store
      .getState()
      .setConnection(this.deps.wasEverReady() ? 'reconnecting' : 'connecting', detail);
    if (!this.deps.socket.active) this.schedule();
  }

  /** The session is over for good: no more retries. */
  endSession(): void {
    this.sessionEnded = true;
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.deps.isStopped()) return;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 1_000 * 2 ** this.attempts);
    this.attempts += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.deps.isStopped() && !this.deps.socket.connected) this.deps.socket.connect();
    }, delay);
  }
}

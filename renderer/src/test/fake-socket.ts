import type { TransportSocket } from '../socket/transport';

type Listener = (...args: unknown[]) => void;
export type AckFn = (response: unknown) => void;
export type CommandHandler = (payload: unknown, ack: AckFn) => void;

export interface EmittedPacket {
  event: string;
  payload: unknown;
  ack: AckFn | undefined;
}

/**
 * A stand-in for socket.io-client's Socket with the subset the client uses. Tests play the server:
 * `handlers` answer commands, `serverEmit` sends events, `drop`/`refuse`/`open` drive the connection.
 */
export class FakeSocket implements TransportSocket {
  connected = false;
  active = false;
  connectCalls = 0;
  readonly emitted: EmittedPacket[] = [];
  readonly handlers = new Map<string, CommandHandler>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    readonly serverUrl = 'http://beacon.test',
    readonly token = 'token',
  ) {}

  on(event: string, listener: Listener): void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
  }

  emit(event: string, ...args: unknown[]): void {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as AckFn) : undefined;
    const payload = ack ? (args.length > 1 ? args[0] : undefined) : args[0];
    this.emitted.push({ event, payload, ack });
    const handler = this.handlers.get(event);
    if (handler && ack) handler(payload, ack);
  }

  connect(): void {
    this.connectCalls += 1;
    this.active = true;
  }

  disconnect(): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.active = false;
    if (wasConnected) this.fire('disconnect', 'io client disconnect');
  }

  // --- the test's side -------------------------------------------------------------------

  /** The server accepted the connection: `connect`, then `ready`. */
  open(ready: unknown): void {
    this.connected = true;
    this.active = true;
    this.fire('connect');
    this.fire('ready', ready);
  }

  /** The connection broke (socket.io keeps retrying: `active` stays true). */
  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  /** The handshake failed, e.g. `refuse('unauthorized')` for a bad token. */
  refuse(message: string, retrying = false): void {
    this.connected = false;
    this.active = retrying;
    this.fire('connect_error', new Error(message));
  }

  serverEmit(event: string, payload: unknown): void {
    this.fire(event, payload);
  }

  sent(event: string): EmittedPacket[] {
    return this.emitted.filter((packet) => packet.event === event);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}

import type { ClientToServerEvents, ServerToClientEvents } from '@beacon/protocol';
import { io, type Socket } from 'socket.io-client';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ServerEvent = keyof ServerToClientEvents;
type EventPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

/** A raw socket.io client without reconnection, so tests see every disconnect. */
export function openSocket(url: string, auth: Record<string, unknown> | undefined): TestSocket {
  return io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
}

/** Connects with `token` and resolves with the socket once `ready` arrived. */
export async function connectClient(
  url: string,
  token: string,
): Promise<{ socket: TestSocket; ready: EventPayload<'ready'> }> {
  const socket = openSocket(url, { token });
  const ready = await new Promise<EventPayload<'ready'>>((resolve, reject) => {
    socket.once('ready', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, ready };
}

/** The `connect_error` message of a refused handshake. */
export function connectError(url: string, auth: Record<string, unknown> | undefined): Promise<string> {
  const socket = openSocket(url, auth);
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
    socket.once('connect', () => {
      socket.close();
      reject(new Error('connected without valid credentials'));
    });
  });
}

/**
 * Emits an event with raw (possibly malformed) arguments and resolves with the ack.
 * Untyped on purpose: tests also send what the contract forbids.
 */
export function request<T = AckResponse>(socket: TestSocket, event: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within 10 s`)), 10_000);
    (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit(
      event,
      ...args,
      (response: T) => {
        clearTimeout(timer);
        resolve(response);
      },
    );
  });
}

/** A loosely typed ack, for assertions with toMatchObject. */
export type AckResponse = { ok: boolean; error?: { code: string; message: string } } & Record<
  string,
  unknown
>;

/** Collects every event of a kind a socket receives, to assert on later. */
export class EventLog<E extends ServerEvent> {
  readonly events: EventPayload<E>[] = [];
  private waiters: Array<{ match: (p: EventPayload<E>) => boolean; resolve: (p: EventPayload<E>) => void }> =
    [];

  constructor(socket: TestSocket, event: E) {
    const listener = (payload: EventPayload<E>) => {
      this.events.push(payload);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.match(payload)) return true;
        waiter.resolve(payload);
        return false;
      });
    };
    (socket as unknown as { on(event: string, listener: (payload: EventPayload<E>) => void): void }).on(
      event,
      listener,
    );
  }

  /** Resolves with the first event (already received or future) that matches. */
  waitFor(
    match: (payload: EventPayload<E>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<EventPayload<E>> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`event not received within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (payload) => {
          clearTimeout(timer);
          resolve(payload);
        },
      });
    });
  }

  clear(): void {
    this.events.length = 0;
  }
}

/** Resolves after `ms`: only to let events that must NOT arrive have their chance. */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A ping round trip: once it is acked, every event emitted to this socket before it has arrived. */
export async function roundTrip(socket: TestSocket): Promise<void> {
  await request(socket, 'contacts:list');
}

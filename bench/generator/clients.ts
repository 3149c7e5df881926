import type { Ack, ClientToServerEvents, Presence, ServerToClientEvents } from '@beacon/protocol';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { FloorEvent, FloorRequest } from '../floor/wire';
import type { PeerKind } from '../peers/peer-types';
import { XmppBenchClient } from '../peers/xmpp-bench-client';

/** Beacon, the raw-ws floor, or an XMPP peer (bench/peers/). */
export type TargetKind = 'beacon' | 'floor' | PeerKind;

export interface IncomingMessage {
  conversationId: string;
  clientId: string;
  senderId: string;
}

export interface IncomingUpdate {
  messageId: string;
  senderId: string;
  body: string;
}

export interface IncomingPresence {
  userId: string;
  status: string;
  message: string | null;
}

/** One connected user, whichever server it talks to: the scenarios only see this. */
export interface BenchClient {
  readonly userId: string;
  /** Resolves once the server said the session is ready. */
  connect(): Promise<void>;
  /** Resolves with the snapshot's size once the subscription was acknowledged. */
  subscribe(userIds: string[]): Promise<number>;
  /**
   * Resolves when the send was acknowledged (committed, for Beacon). A `rate_limited`
   * answer is retried with the same clientId, as the app's outbox does; resolves with
   * how many times that happened.
   */
  send(
    conversationId: string,
    clientId: string,
    body: string,
  ): Promise<{ rateLimited: number; messageId: string }>;
  /** Edits a message this client sent; `rate_limited` is retried as for sends. */
  edit(conversationId: string, messageId: string, body: string): Promise<{ rateLimited: number }>;
  setPresence(status: 'available' | 'busy', message: string): Promise<void>;
  onMessage(listener: (message: IncomingMessage) => void): void;
  onMessageUpdated(listener: (update: IncomingUpdate) => void): void;
  onPresence(listener: (presence: IncomingPresence) => void): void;
  close(): void;
}

const CONNECT_TIMEOUT_MS = 120_000;
const RATE_LIMITED_RETRY_MS = 100;

export function createClient(kind: TargetKind, url: string, userId: string, token: string): BenchClient {
  if (kind === 'beacon') return new BeaconClient(url, userId, token);
  if (kind === 'floor') return new FloorClient(url, userId, token);
  return new XmppBenchClient(url, userId, token);
}

function ackOrThrow<T extends object>(what: string, response: Ack<T>): T {
  if (!response.ok) throw new Error(`${what}: ${response.error.code} ${response.error.message}`);
  return response;
}

/** engine.io hides the transport's own error (ECONNRESET, HTTP 503…) in `description`. */
function describeConnectError(error: Error): string {
  const { description } = error as Error & { description?: unknown };
  const cause =
    description instanceof Error
      ? description.message
      : typeof description === 'object' && description !== null && 'message' in description
        ? String(description.message)
        : description === undefined
          ? ''
          : String(description);
  return cause ? `${error.message} (${cause})` : error.message;
}

/** A socket.io client speaking the wire contract, like the desktop app. */
class BeaconClient implements BenchClient {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  constructor(
    url: string,
    readonly userId: string,
    token: string,
  ) {
    this.socket = io(url, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      autoConnect: false,
      timeout: CONNECT_TIMEOUT_MS,
    });
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('ready', () => resolve());
      this.socket.once('connect_error', (error) => reject(new Error(describeConnectError(error))));
      this.socket.connect();
    });
  }

  async subscribe(userIds: string[]): Promise<number> {
    const ack = await this.socket.timeout(CONNECT_TIMEOUT_MS).emitWithAck('presence:subscribe', { userIds });
    return ackOrThrow('presence:subscribe', ack).presences.length;
  }

  async send(
    conversationId: string,
    clientId: string,
    body: string,
  ): Promise<{ rateLimited: number; messageId: string }> {
    for (let rateLimited = 0; ; rateLimited++) {
      const ack = await this.socket
        .timeout(CONNECT_TIMEOUT_MS)
        .emitWithAck('message:send', { conversationId, clientId, body });
      if (!ack.ok && ack.error.code === 'rate_limited') {
        await new Promise((resolve) => setTimeout(resolve, RATE_LIMITED_RETRY_MS));
        continue;
      }
      return { rateLimited, messageId: ackOrThrow('message:send', ack).message.id };
    }
  }

  async edit(_conversationId: string, messageId: string, body: string): Promise<{ rateLimited: number }> {
    for (let rateLimited = 0; ; rateLimited++) {
      const ack = await this.socket
        .timeout(CONNECT_TIMEOUT_MS)
        .emitWithAck('message:edit', { messageId, body });
      if (!ack.ok && ack.error.code === 'rate_limited') {
        await new Promise((resolve) => setTimeout(resolve, RATE_LIMITED_RETRY_MS));
        continue;
      }
      ackOrThrow('message:edit', ack);
      return { rateLimited };
    }
  }

  async setPresence(status: 'available' | 'busy', message: string): Promise<void> {
    ackOrThrow(
      'presence:set',
      await this.socket.timeout(CONNECT_TIMEOUT_MS).emitWithAck('presence:set', { status, message }),
    );
  }

  onMessage(listener: (message: IncomingMessage) => void): void {
    this.socket.on('message', ({ message }) => listener(message));
  }

  onMessageUpdated(listener: (update: IncomingUpdate) => void): void {
    this.socket.on('message:updated', ({ message }) =>
      listener({ messageId: message.id, senderId: message.senderId, body: message.body }),
    );
  }

  onPresence(listener: (presence: IncomingPresence) => void): void {
    this.socket.on('presence', (presence: Presence) => listener(presence));
  }

  close(): void {
    this.socket.close();
  }
}

/** A bare WebSocket client of the floor relay. */
class FloorClient implements BenchClient {
  private socket: WebSocket | null = null;
  private nextRef = 1;
  private readonly pending = new Map<
    number,
    { resolve: (event: FloorEvent) => void; reject: (error: Error) => void }
  >();
  private readonly messageListeners: Array<(message: IncomingMessage) => void> = [];
  private readonly updateListeners: Array<(update: IncomingUpdate) => void> = [];
  private readonly presenceListeners: Array<(presence: IncomingPresence) => void> = [];

  constructor(
    private readonly url: string,
    readonly userId: string,
    private readonly token: string,
  ) {}

  connect(): Promise<void> {
    const socket = new WebSocket(
      `${this.url.replace(/^http/, 'ws')}/?token=${encodeURIComponent(this.token)}`,
    );
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('close', (code) => reject(new Error(`closed with ${code}`)));
      socket.on('message', (data) => {
        const event = JSON.parse(data.toString()) as FloorEvent;
        switch (event.type) {
          case 'ready':
            resolve();
            break;
          case 'ack': {
            const waiter = this.pending.get(event.ref);
            this.pending.delete(event.ref);
            waiter?.resolve(event);
            break;
          }
          case 'message':
            for (const listener of this.messageListeners) listener(event.message);
            break;
          case 'updated': {
            const update = {
              messageId: event.message.id,
              senderId: event.message.senderId,
              body: event.message.body,
            };
            for (const listener of this.updateListeners) listener(update);
            break;
          }
          case 'presence':
            for (const listener of this.presenceListeners) listener(event.presence);
            break;
        }
      });
    });
  }

  async subscribe(userIds: string[]): Promise<number> {
    const ack = await this.request({ type: 'subscribe', ref: 0, userIds });
    return ack.type === 'ack' && ack.ok ? (ack.presences?.length ?? 0) : 0;
  }

  async send(
    conversationId: string,
    clientId: string,
    body: string,
  ): Promise<{ rateLimited: number; messageId: string }> {
    const ack = await this.request({ type: 'send', ref: 0, conversationId, clientId, body });
    return { rateLimited: 0, messageId: ack.type === 'ack' && ack.ok ? (ack.message?.id ?? '') : '' };
  }

  async edit(conversationId: string, messageId: string, body: string): Promise<{ rateLimited: number }> {
    await this.request({ type: 'edit', ref: 0, conversationId, messageId, body });
    return { rateLimited: 0 };
  }

  async setPresence(status: 'available' | 'busy', message: string): Promise<void> {
    await this.request({ type: 'presence:set', ref: 0, status, message });
  }

  onMessage(listener: (message: IncomingMessage) => void): void {
    this.messageListeners.push(listener);
  }

  onMessageUpdated(listener: (update: IncomingUpdate) => void): void {
    this.updateListeners.push(listener);
  }

  onPresence(listener: (presence: IncomingPresence) => void): void {
    this.presenceListeners.push(listener);
  }

  close(): void {
    this.socket?.close();
    for (const waiter of this.pending.values()) waiter.reject(new Error('closed'));
    this.pending.clear();
  }

  private request(request: FloorRequest): Promise<FloorEvent> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('not connected'));
    const ref = this.nextRef++;
    return new Promise((resolve, reject) => {
      this.pending.set(ref, { resolve, reject });
      socket.send(JSON.stringify({ ...request, ref }));
    });
  }
}

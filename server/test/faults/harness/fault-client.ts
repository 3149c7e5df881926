import type {
  Ack,
  ClientToServerEvents,
  Message,
  MessageHistoryPayload,
  ServerToClientEvents,
} from '@beacon/protocol';
import { io, type Socket } from 'socket.io-client';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface PlannedMessage {
  conversationId: string;
  clientId: string;
  body: string;
}

interface OutboxEntry {
  planned: PlannedMessage;
  inFlight: boolean;
  attempts: number;
  /** Not before this time (after a `rate_limited` answer). */
  notBefore: number;
}

export interface FaultClientStats {
  /** `message:send` emits, first attempts and retries together. */
  sendAttempts: number;
  /** Emits beyond the first per message. */
  retries: number;
  rateLimited: number;
  /** Sends whose ack never came (lost with a cut connection or a killed server). */
  lostAcks: number;
  connects: number;
  liveReceived: number;
  historyFetched: number;
  catchUps: number;
  /** Error answers the test expects during an outage (`retriedErrors`), retried like lost acks. */
  transientErrors: number;
  /** Handshakes the server refused for a passing reason (`internal`), retried. */
  refusedHandshakes: number;
}

export interface FaultClientOptions {
  url: string;
  token: string;
  userId: string;
  /** How long a send waits for its ack before it is retried. */
  ackTimeoutMs?: number;
  /** Sends in flight at once (a pipelining client). */
  maxInFlight?: number;
  /** Called after every first ack of a message. */
  onAcked?: (message: Message) => void;
  /** Error codes that are expected (the database is down: `internal`): counted and retried, not unexpected. */
  retriedErrors?: readonly string[];
}

const ACK_TIMEOUT_MS = 5_000;
const HISTORY_PAGE = 200;
const RATE_LIMITED_BACKOFF_MS = 250;

/**
 * A client as the desktop app behaves: an outbox that keeps every message until its
 * ack, retrying with the same clientId across cuts and server restarts; a view of
 * each conversation fed live by `message` and completed by `message:history`
 * (afterSeq) after every (re)connect.
 */
export class FaultClient {
  readonly socket: ClientSocket;
  readonly userId: string;
  readonly stats: FaultClientStats = {
    sendAttempts: 0,
    retries: 0,
    rateLimited: 0,
    lostAcks: 0,
    connects: 0,
    liveReceived: 0,
    historyFetched: 0,
    catchUps: 0,
    transientErrors: 0,
    refusedHandshakes: 0,
  };
  /** Every message acked to this client, by clientId (the first ack; later ones must agree). */
  readonly acked = new Map<string, Message>();
  /** Acks that contradicted an earlier ack of the same clientId (must stay empty). */
  readonly conflictingAcks: Array<{ first: Message; later: Message }> = [];
  /** Errors other than rate limiting (must stay empty). */
  readonly unexpectedErrors: string[] = [];
  /** What this client knows of each conversation, by seq. */
  readonly view = new Map<string, Map<number, Message>>();

  private readonly outbox = new Map<string, OutboxEntry>();
  private readonly options: Required<Omit<FaultClientOptions, 'onAcked' | 'retriedErrors'>> &
    Pick<FaultClientOptions, 'onAcked' | 'retriedErrors'>;
  private conversationIds: string[] = [];
  private closed = false;
  /** `connect_error` messages seen, and how often (for failure reports). */
  readonly connectErrors = new Map<string, number>();
  private ready = false;
  private catchUpRunning: Promise<boolean> | null = null;
  private catchUpWanted = false;
  private readonly pumpTimer: NodeJS.Timeout;
  private drainWaiters: Array<() => void> = [];

  constructor(options: FaultClientOptions) {
    this.options = { ackTimeoutMs: ACK_TIMEOUT_MS, maxInFlight: 8, ...options };
    this.userId = options.userId;
    this.socket = io(options.url, {
      auth: { token: options.token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 500,
      randomizationFactor: 0.5,
      timeout: 5_000,
    });
    this.socket.on('ready', () => {
      this.ready = true;
      this.stats.connects++;
      void this.catchUp();
      this.pump();
    });
    this.socket.on('disconnect', () => {
      this.ready = false;
    });
    // As the app does (renderer/src/socket/reconnection.ts): a refused handshake (the database
    // is down: `internal`) is retried; socket.io-client leaves that to the application.
    this.socket.on('connect_error', (error) => {
      this.connectErrors.set(error.message, (this.connectErrors.get(error.message) ?? 0) + 1);
      if (error.message === 'unauthorized' || this.socket.active) return;
      this.stats.refusedHandshakes++;
      setTimeout(() => {
        if (!this.closed) this.socket.connect();
      }, 250);
    });
    this.socket.on('message', ({ message }) => {
      this.stats.liveReceived++;
      this.record(message);
    });
    this.pumpTimer = setInterval(() => this.pump(), 50);
  }

  /** Resolves once the first `ready` arrived. */
  waitReady(timeoutMs = 20_000): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.userId}: not ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.socket.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The conversations this client follows (and catches up on). */
  follow(conversationIds: string[]): void {
    this.conversationIds = [...new Set(conversationIds)];
    for (const id of this.conversationIds) if (!this.view.has(id)) this.view.set(id, new Map());
  }

  /** Stores the message in the outbox (before any send, as the app does) and sends when it can. */
  enqueue(planned: PlannedMessage): void {
    this.outbox.set(planned.clientId, { planned, inFlight: false, attempts: 0, notBefore: 0 });
    this.pump();
  }

  get pending(): number {
    return this.outbox.size;
  }

  /** Resolves when the outbox is empty: every message acked. */
  drained(): Promise<void> {
    if (this.outbox.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Cuts the connection the way a flaky network or a sleeping laptop does; the client comes back by itself. */
  cut(kind: 'transport' | 'disconnect', reconnectAfterMs: number): void {
    if (kind === 'transport') {
      // Closes the WebSocket under socket.io: no disconnect packet, pending acks are lost,
      // the manager reconnects with backoff.
      this.socket.io.engine.close();
      return;
    }
    this.socket.disconnect();
    setTimeout(() => this.socket.connect(), reconnectAfterMs);
  }

  /**
   * Fetches everything after what this client holds contiguously, for each followed
   * conversation. Resolves true when it completed on a live connection.
   */
  catchUp(): Promise<boolean> {
    if (this.catchUpRunning) {
      this.catchUpWanted = true;
      return this.catchUpRunning;
    }
    this.catchUpRunning = (async () => {
      let complete = false;
      try {
        do {
          this.catchUpWanted = false;
          complete = await this.fetchMissing();
        } while (this.catchUpWanted);
      } finally {
        this.catchUpRunning = null;
      }
      return complete;
    })();
    return this.catchUpRunning;
  }

  /** Catches up until it completes on a live connection (after faults, connections come back). */
  async catchUpFully(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.ready && (await this.catchUp())) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.userId}: could not catch up within ${timeoutMs} ms`);
  }

  /** The highest seq up to which this client holds every message of the conversation. */
  contiguousSeq(conversationId: string): number {
    const seen = this.view.get(conversationId);
    let seq = 0;
    while (seen?.has(seq + 1)) seq++;
    return seq;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.pumpTimer);
    this.socket.close();
  }

  private record(message: Message): void {
    let seen = this.view.get(message.conversationId);
    if (!seen) {
      seen = new Map();
      this.view.set(message.conversationId, seen);
    }
    // Conversations v2: a direct conversation joins the list with its first message; follow it from then on.
    if (!this.conversationIds.includes(message.conversationId))
      this.conversationIds.push(message.conversationId);
    const known = seen.get(message.seq);
    if (known && known.id !== message.id) {
      this.unexpectedErrors.push(
        `seq ${message.seq} of ${message.conversationId} arrived as two messages: ${known.id} and ${message.id}`,
      );
    }
    seen.set(message.seq, message);
  }

  private async fetchMissing(): Promise<boolean> {
    this.stats.catchUps++;
    for (const conversationId of this.conversationIds) {
      for (;;) {
        if (!this.ready) return false;
        const payload: MessageHistoryPayload = {
          conversationId,
          afterSeq: this.contiguousSeq(conversationId),
          limit: HISTORY_PAGE,
        };
        let response: Ack<{ messages: Message[]; more: boolean }>;
        try {
          response = await this.socket
            .timeout(this.options.ackTimeoutMs)
            .emitWithAck('message:history', payload);
        } catch {
          return false;
        }
        if (!response.ok) {
          if (this.options.retriedErrors?.includes(response.error.code)) this.stats.transientErrors++;
          else
            this.unexpectedErrors.push(`message:history: ${response.error.code} ${response.error.message}`);
          return false;
        }
        this.stats.historyFetched += response.messages.length;
        for (const message of response.messages) this.record(message);
        if (!response.more) break;
      }
    }
    return true;
  }

  private pump(): void {
    if (!this.ready) return;
    let inFlight = 0;
    for (const entry of this.outbox.values()) if (entry.inFlight) inFlight++;
    const now = Date.now();
    for (const entry of this.outbox.values()) {
      if (inFlight >= this.options.maxInFlight) break;
      if (entry.inFlight || entry.notBefore > now) continue;
      inFlight++;
      this.send(entry);
    }
  }

  private send(entry: OutboxEntry): void {
    entry.inFlight = true;
    entry.attempts++;
    this.stats.sendAttempts++;
    if (entry.attempts > 1) this.stats.retries++;
    const { clientId } = entry.planned;
    this.socket
      .timeout(this.options.ackTimeoutMs)
      .emitWithAck('message:send', entry.planned)
      .then(
        (response) => {
          entry.inFlight = false;
          if (response.ok) {
            this.settle(clientId, response.message);
          } else if (response.error.code === 'rate_limited') {
            this.stats.rateLimited++;
            entry.notBefore = Date.now() + RATE_LIMITED_BACKOFF_MS;
          } else if (this.options.retriedErrors?.includes(response.error.code)) {
            this.stats.transientErrors++;
            entry.notBefore = Date.now() + RATE_LIMITED_BACKOFF_MS;
          } else {
            this.unexpectedErrors.push(
              `message:send ${clientId}: ${response.error.code} ${response.error.message}`,
            );
            entry.notBefore = Date.now() + RATE_LIMITED_BACKOFF_MS;
          }
          this.pump();
        },
        () => {
          // No ack: the connection was cut or the server died. The message stays in the outbox.
          entry.inFlight = false;
          this.stats.lostAcks++;
          this.pump();
        },
      );
  }

  private settle(clientId: string, message: Message): void {
    if (message.clientId !== clientId) {
      this.unexpectedErrors.push(`ack for ${clientId} carried clientId ${message.clientId}`);
    }
    const first = this.acked.get(clientId);
    if (first) {
      if (first.id !== message.id || first.seq !== message.seq)
        this.conflictingAcks.push({ first, later: message });
      return;
    }
    this.acked.set(clientId, message);
    this.record(message);
    if (this.outbox.delete(clientId)) this.options.onAcked?.(message);
    if (this.outbox.size === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

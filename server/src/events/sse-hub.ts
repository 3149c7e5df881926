import type { ServerResponse } from 'node:http';
import { DEFAULT_API_MAX_STREAMS } from '../config/server-config';
import type { Logger } from '../logger';
import type { BeaconEvent, EventBus } from './bus';
import { ReplayBuffer } from './replay-buffer';

export interface SseOptions {
  /** How many events a `Last-Event-ID` resume can go back (default 10,000). */
  replayCapacity: number;
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs: number;
  /** A reader with more than this many bytes not yet taken by its socket is dropped (default 1 MiB). */
  maxPendingBytes: number;
  /** Streams one integration may keep open at once (`--api-max-streams`); past it, 429. */
  maxStreamsPerReader: number;
}

export const DEFAULT_SSE_OPTIONS: SseOptions = {
  replayCapacity: 10_000,
  heartbeatMs: 15_000,
  maxPendingBytes: 1024 * 1024,
  maxStreamsPerReader: DEFAULT_API_MAX_STREAMS,
};

interface Stream {
  response: ServerResponse;
  /** Lower-cased e-mails to send presence of; null: everyone. */
  emails: ReadonlySet<string> | null;
  /** Who reads, for the log lines. */
  reader: string;
}

/** How a new stream starts: fresh, resumed after an id, or told to re-read a snapshot. */
export type StreamStart = { kind: 'fresh' } | { kind: 'resume'; lastEventId: string };

/**
 * The open `GET /api/v1/events` streams. Every bus event goes into the replay buffer and to the
 * streams whose filter matches; a write never waits: a reader whose pending bytes pass the
 * limit (it stopped reading, or reads slower than events come) is dropped with a log line,
 * so one stalled client costs at most `maxPendingBytes` of memory.
 */
export class SseHub {
  private readonly streams = new Set<Stream>();
  private readonly perReader = new Map<string, number>();
  private readonly replay: ReplayBuffer;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly options: SseOptions = DEFAULT_SSE_OPTIONS,
  ) {
    this.replay = new ReplayBuffer(options.replayCapacity, bus.startId);
    this.unsubscribe = bus.subscribe((event) => this.onEvent(event));
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  get maxStreamsPerReader(): number {
    return this.options.maxStreamsPerReader;
  }

  /** How many streams `reader` has open. */
  streamsOf(reader: string): number {
    return this.perReader.get(reader) ?? 0;
  }

  /** Writes the stream's head and first events, then keeps it until either side closes it. */
  open(
    response: ServerResponse,
    emails: ReadonlySet<string> | null,
    reader: string,
    start: StreamStart,
  ): void {
    const stream: Stream = { response, emails, reader };
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx and friends buffer responses unless told not to.
      'x-accel-buffering': 'no',
    });
    response.on('close', () => this.forget(stream));
    this.streams.add(stream);
    this.perReader.set(reader, this.streamsOf(reader) + 1);
    if (start.kind === 'fresh') {
      this.write(stream, frame('ready', this.bus.latestId, { latestId: this.bus.latestId }));
      return;
    }
    const lastId = Number(start.lastEventId);
    const missed = /^\d{1,16}$/.test(start.lastEventId) ? this.replay.since(lastId) : 'reset';
    if (missed === 'reset') {
      // The client may have missed events: it should read a snapshot (GET /api/v1/presence), then follow.
      this.write(
        stream,
        frame('reset', this.bus.latestId, {
          reason: 'Last-Event-ID is older than the replay buffer (or unknown); re-read a snapshot',
          latestId: this.bus.latestId,
        }),
      );
      return;
    }
    for (const event of missed) this.send(stream, event);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const stream of this.streams) stream.response.end();
    this.streams.clear();
    this.perReader.clear();
  }

  private forget(stream: Stream): void {
    if (!this.streams.delete(stream)) return;
    const left = this.streamsOf(stream.reader) - 1;
    if (left > 0) this.perReader.set(stream.reader, left);
    else this.perReader.delete(stream.reader);
  }

  private onEvent(event: BeaconEvent): void {
    this.replay.push(event);
    for (const stream of this.streams) this.send(stream, event);
  }

  private send(stream: Stream, event: BeaconEvent): void {
    if (event.type !== 'presence.changed') return;
    if (stream.emails && !stream.emails.has(event.data.email)) return;
    this.write(stream, frame('presence', event.id, event.data));
  }

  private beat(): void {
    for (const stream of this.streams) this.write(stream, ': heartbeat\n\n');
  }

  private write(stream: Stream, text: string): void {
    const { response } = stream;
    if (response.destroyed || response.writableEnded) return;
    const pending = response.writableLength + (response.socket?.writableLength ?? 0);
    if (pending > this.options.maxPendingBytes) {
      this.forget(stream);
      this.logger.warn(
        { reader: stream.reader, pendingBytes: pending, limitBytes: this.options.maxPendingBytes },
        'dropped a slow event-stream reader: too many bytes pending',
      );
      response.destroy();
      return;
    }
    response.write(text);
  }
}

/** One SSE message; `data` is JSON on one line, so it never needs splitting. */
function frame(event: string, id: number, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

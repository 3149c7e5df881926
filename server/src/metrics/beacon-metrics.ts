import { type ClientEventName, clientPayloadSchemas } from '@beacon/protocol';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type RedisPing, watchRedisLatency } from './redis-watch';

/** Socket acks: from an indexed read (~0.5 ms) to a slow group commit or search (~2 s). */
export const ACK_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2];
/** Store commits: an fsync on an SSD takes ~1 ms, a busy disk or a remote PostgreSQL more. */
export const COMMIT_BUCKETS_SECONDS = ACK_BUCKETS_SECONDS;
/** A Redis PING on a LAN answers in well under a millisecond. */
export const REDIS_BUCKETS_SECONDS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1,
];
/** HTTP: logins (scrypt, ~50 ms) and exports (minutes) alike. */
export const HTTP_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60];

/** The store writes timed by `beacon_store_commit_duration_seconds{operation}`. */
export type CommitOperation = 'append' | 'edit' | 'delete' | 'reaction' | 'read';

/** Label of an HTTP request no route matched (the raw URL would make labels unbounded). */
export const UNMATCHED_ROUTE = 'unmatched';
/** Label of a socket event outside the contract (none reaches a handler today; a guard for the future). */
export const UNKNOWN_EVENT = 'unknown';

const CLIENT_EVENTS: ReadonlySet<string> = new Set(Object.keys(clientPayloadSchemas));

export interface BeaconMetricsOptions {
  /** The `node` label of every series: which node of a cluster answered. */
  nodeId: string;
  /** Process CPU, memory, event-loop lag, GC (prom-client's defaults); default true. */
  defaultMetrics?: boolean;
}

/**
 * One server's Prometheus instruments, in a registry of its own (never prom-client's global
 * one: tests run several servers in one process, and each must report only itself).
 */
export class BeaconMetrics {
  readonly registry = new Registry();
  readonly nodeId: string;
  private connections: () => number = () => 0;
  private readonly events: Counter<'event'>;
  private readonly acks: Histogram<'event'>;
  private readonly commits: Histogram<'operation'>;
  private readonly redisLatency: Histogram;
  private readonly redisFailures: Counter;
  private readonly fanout: Counter;
  private readonly presenceChanges: Counter;
  private readonly http: Histogram<'method' | 'route' | 'status_code'>;
  private readonly messages: Counter;

  constructor(options: BeaconMetricsOptions) {
    this.nodeId = options.nodeId;
    const registers = [this.registry];
    this.registry.setDefaultLabels({ node: options.nodeId });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const connections = () => this.connections();
    new Gauge({
      name: 'beacon_socket_connections',
      help: 'Open socket.io connections on this node',
      registers,
      collect() {
        this.set(connections());
      },
    });
    this.events = new Counter({
      name: 'beacon_socket_events_total',
      help: 'Client socket events received, by event',
      labelNames: ['event'],
      registers,
    });
    this.acks = new Histogram({
      name: 'beacon_ack_duration_seconds',
      help: 'Time from receiving a client socket event to sending its acknowledgement, by event',
      labelNames: ['event'],
      buckets: ACK_BUCKETS_SECONDS,
      registers,
    });
    this.commits = new Histogram({
      name: 'beacon_store_commit_duration_seconds',
      help: "Time of the store's successful message commits, by operation",
      labelNames: ['operation'],
      buckets: COMMIT_BUCKETS_SECONDS,
      registers,
    });
    this.redisLatency = new Histogram({
      name: 'beacon_redis_latency_seconds',
      help: 'Round trip of a periodic Redis PING',
      buckets: REDIS_BUCKETS_SECONDS,
      registers,
    });
    this.redisFailures = new Counter({
      name: 'beacon_redis_ping_failures_total',
      help: 'Periodic Redis PINGs that failed',
      registers,
    });
    this.fanout = new Counter({
      name: 'beacon_presence_fanout_total',
      help: 'Presence events emitted to sockets',
      registers,
    });
    this.presenceChanges = new Counter({
      name: 'beacon_presence_changes_total',
      help: 'Presence changes fanned out',
      registers,
    });
    this.http = new Histogram({
      name: 'beacon_http_request_duration_seconds',
      help: "HTTP request durations, by method, route pattern and status code ('unmatched': no route)",
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS_SECONDS,
      registers,
    });
    this.messages = new Counter({
      name: 'beacon_messages_sent_total',
      help: 'Messages stored by an append (a retried clientId is not counted again)',
      registers,
    });
  }

  /** `beacon_socket_connections` reads `count` at every scrape (the gateway gives `io.engine.clientsCount`). */
  trackConnections(count: () => number): void {
    this.connections = count;
  }

  // prom-client hashes the labels at every call, through `labels()` children too (measured:
  // no faster), so the label object is built here each time.
  eventReceived(event: ClientEventName): void {
    this.events.inc({ event: eventLabel(event) });
  }

  eventAcked(event: ClientEventName, seconds: number): void {
    this.acks.observe({ event: eventLabel(event) }, seconds);
  }

  commitTimed(operation: CommitOperation, seconds: number): void {
    this.commits.observe({ operation }, seconds);
  }

  messageSent(): void {
    this.messages.inc();
  }

  /** One presence change emitted to `recipients` sockets. */
  presenceFanout(recipients: number): void {
    this.presenceChanges.inc();
    if (recipients > 0) this.fanout.inc(recipients);
  }

  /** `route`: the matched route's pattern (`/api/users/:email/presence`), or undefined when none matched. */
  httpResponse(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.http.observe({ method, route: route ?? UNMATCHED_ROUTE, status_code: statusCode }, seconds);
  }

  /** PINGs `client` every `intervalMs` into `beacon_redis_latency_seconds`; returns the stop function. */
  watchRedis(client: RedisPing, intervalMs: number): () => void {
    return watchRedisLatency(client, intervalMs, {
      latency: (seconds) => this.redisLatency.observe(seconds),
      failure: () => this.redisFailures.inc(),
    });
  }

  /** The exposition text and its content type, for `GET /metrics`. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function eventLabel(event: string): string {
  return CLIENT_EVENTS.has(event) ? event : UNKNOWN_EVENT;
}

export function createBeaconMetrics(options: BeaconMetricsOptions): BeaconMetrics {
  return new BeaconMetrics(options);
}

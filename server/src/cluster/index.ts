import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { Clock } from '../presence/clock';
import { PresenceEngine, type PresenceEngineOptions } from '../presence/engine';
import type { RateBackend, UserRateLimits } from '../realtime/user-rate-limit';
import { Lease } from './leases';
import { PinnedClock } from './pinned-clock';
import { PresenceLog } from './presence-log';
import { RedisRates } from './redis-rates';
import { ReplicatedPresence } from './replicated-presence';

export interface ClusterOptions {
  redisUrl: string;
  /** The node's name (`--node-id`), for logs and metrics. */
  nodeId: string;
  /** A node's lease lives this long without renewal; its sessions go once it lapses (default 10 s). */
  leaseMs?: number;
  /** Key prefix of everything Beacon keeps in Redis (tests use one per run). */
  keyPrefix?: string;
  logger: Logger;
}

/** What a node of a cluster holds: its Redis connections, leases and replicated presence. */
export interface Cluster {
  readonly nodeId: string;
  /** nodeId plus a start-up nonce: a restarted node is a new incarnation. */
  readonly incarnation: string;
  readonly redis: Redis;
  readonly keyPrefix: string;
  /** The socket.io adapter: every emit to rooms reaches every node. */
  readonly adapter: ReturnType<typeof createAdapter>;
  /** The engine this node replicates, and the presence service around it. */
  readonly engine: PresenceEngine;
  readonly presence: ReplicatedPresence;
  /** Starts the leases and the presence log (after the engine loaded its layers). */
  start(): Promise<void>;
  /** Whether this node holds the leader lease: it fires presence deadlines and runs the once-a-day jobs. */
  isLeader(): boolean;
  /** Per-user rate limits counted in this cluster's Redis. */
  rateBackend(limits: UserRateLimits): RateBackend;
  /** Round trip to Redis, for health checks. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

const DEFAULT_LEASE_MS = 10_000;

/**
 * Connects a node to Redis and builds its replicated presence engine (not started yet: load
 * the layers, then `start`). Fails with a clear error when Redis does not answer.
 */
export async function openCluster(
  options: ClusterOptions,
  engineOptions: Omit<PresenceEngineOptions, 'clock' | 'onDeadline'> & { clock: Clock },
): Promise<Cluster> {
  const { logger } = options;
  const keyPrefix = options.keyPrefix ?? 'beacon:';
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const incarnation = `${options.nodeId}~${randomBytes(4).toString('hex')}`;
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    connectionName: `beacon-${incarnation}`,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  redis.on('error', (error: unknown) => logger.debug({ err: error }, 'redis: connection error'));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at ${redactUrl(options.redisUrl)} does not answer: ${(error as Error).message}`);
  }
  const reader = redis.duplicate();
  reader.on('error', () => {});

  const clock = new PinnedClock(engineOptions.clock);
  let replicated: ReplicatedPresence | null = null;
  const engine = new PresenceEngine({
    ...engineOptions,
    clock,
    onDeadline: (userId) => replicated?.onDeadline(userId),
  });
  const log = new PresenceLog({ redis, reader, key: `${keyPrefix}presence:log`, maxLen: 100_000, logger });
  const nodeKey = (node: string) => `${keyPrefix}node:${node}`;
  const nodeLease = new Lease({
    redis,
    key: nodeKey(incarnation),
    holder: incarnation,
    ttlMs: leaseMs,
    logger,
    exclusive: false,
  });
  const leader = new Lease({
    redis,
    key: `${keyPrefix}presence:leader`,
    holder: incarnation,
    ttlMs: leaseMs,
    logger,
    exclusive: true,
    onChange: (held) => {
      logger.info(
        { node: incarnation, leader: held },
        held ? 'cluster: this node fires presence deadlines' : 'cluster: no longer the leader',
      );
      if (held) engine.rescheduleAll();
    },
  });
  replicated = new ReplicatedPresence({
    engine,
    clock,
    log,
    incarnation,
    isLeader: () => leader.isHeld,
    logger,
  });
  const fromId = await log.lastId();
  const downWatch = new NodeDownWatch(redis, nodeKey, leaseMs, replicated, incarnation, logger);

  let wasDisconnected = false;
  redis.on('close', () => {
    wasDisconnected = true;
  });
  redis.on('ready', () => {
    if (!wasDisconnected) return;
    wasDisconnected = false;
    logger.warn('redis: reconnected; submitting again what was pending');
    replicated?.resubmitPending();
  });

  const adapter = createAdapter(redis, {
    streamName: `${keyPrefix}socket.io`,
    channelPrefix: `${keyPrefix}socket.io`,
    sessionKeyPrefix: `${keyPrefix}socket.io:session:`,
    maxLen: 100_000,
  });
  let timer: NodeJS.Timeout | null = null;
  return {
    nodeId: options.nodeId,
    incarnation,
    redis,
    keyPrefix,
    adapter,
    engine,
    presence: replicated,
    async start() {
      await nodeLease.start();
      const live = await liveNodes(redis, `${keyPrefix}node:`);
      await replicated.start(fromId, live);
      await leader.start();
      timer = setInterval(
        () => {
          if (leader.isHeld) void downWatch.check();
        },
        Math.max(50, Math.floor(leaseMs / 4)),
      );
      timer.unref();
    },
    isLeader: () => leader.isHeld,
    rateBackend: (limits) => new RedisRates(limits, redis, keyPrefix),
    async ping() {
      const started = performance.now();
      await redis.ping();
      return performance.now() - started;
    },
    async close() {
      if (timer) clearInterval(timer);
      await leader.stop();
      await replicated.dispose();
      await nodeLease.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The leader's watch over other nodes' leases: a node whose lease stays gone is declared down. */
class NodeDownWatch {
  private readonly missingSince = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly nodeKey: (node: string) => string,
    private readonly leaseMs: number,
    private readonly presence: ReplicatedPresence,
    private readonly self: string,
    private readonly logger: Logger,
  ) {}

  async check(): Promise<void> {
    const now = Date.now();
    try {
      for (const node of this.presence.nodesWithSessions()) {
        if (node === this.self) continue;
        if ((await this.redis.exists(this.nodeKey(node))) === 1) {
          this.missingSince.delete(node);
          continue;
        }
        // Missing over half a lease, not at one look: a restarted Redis has lost every lease until each node renews.
        const since = this.missingSince.get(node) ?? now;
        this.missingSince.set(node, since);
        if (now - since < this.leaseMs / 2) continue;
        this.missingSince.delete(node);
        this.logger.warn({ node }, 'cluster: a node stopped renewing its lease; its sessions end');
        await this.presence.declareDown(node);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'cluster: checking the nodes failed');
    }
  }
}

async function liveNodes(redis: Redis, prefix: string): Promise<string[]> {
  const nodes: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) nodes.push(key.slice(prefix.length));
  } while (cursor !== '0');
  return nodes;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LoginService } from './auth/login';
import { SessionService } from './auth/sessions';
import { installBots } from './bots';
import type { Cluster } from './cluster';
import { installComplianceExport } from './compliance/export/install';
import { startManifestJob } from './compliance/manifest-job';
import { RetentionJob } from './compliance/retention-job';
import { installComplianceVerify } from './compliance/verify-route';
import { OrgConfigError, settleOrgDomain } from './config/data-dir';
import {
  ConfigError,
  resolveServerConfig,
  type ServerConfig,
  type ServerConfigInput,
} from './config/server-config';
import { DEMO_DOMAIN, seedDemo } from './demo/seed';
import { EventBus, type EventOptions, installEvents, withMessageEvents } from './events';
import { installFiles } from './files';
import { buildHttpApp } from './http/app';
import type { SessionTerminator } from './http/types';
import { ApiRateLimiter } from './integrations/api-rate-limit';
import { clearRevokedClaims } from './integrations/revoked-claims';
import { IntegrationService } from './integrations/service';
import { PeriodicTask } from './lib/periodic-task';
import { createLogger, type Logger } from './logger';
import { createBeaconMetrics, withCommitTiming } from './metrics';
import { type Clock, systemClock } from './presence/clock';
import { PresenceEngine } from './presence/engine';
import { LocalPresence, type PresenceService } from './presence/service';
import { createGateway, type Gateway } from './realtime/gateway';
import { openConfiguredStore } from './store/select';
import type { Store } from './store/types';
import { webhookStoreOf } from './webhooks';

/** The renderer's web build, relative to the repository root. */
const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../out/web', import.meta.url));
const PURGE_EXPIRED_SESSIONS_MS = 60 * 60 * 1000;
const REDIS_LATENCY_PING_MS = 5_000;

export interface BeaconServer {
  readonly config: ServerConfig;
  /** The organisation's mail domain. */
  readonly domain: string;
  readonly store: Store;
  readonly presence: PresenceService;
  /** Several nodes: this node's part of the cluster; null on one node. */
  readonly cluster: Cluster | null;
  /** Presence changes and new messages, for SSE streams and webhooks (events/bus.ts). */
  readonly events: EventBus;
  readonly logger: Logger;
  /** Starts accepting connections; resolves once it does. */
  listen(): Promise<{ url: string; port: number }>;
  /** Graceful: stops accepting, disconnects every socket, closes the store. Idempotent. */
  close(): Promise<void>;
}

export interface BeaconServerOverrides {
  logger?: Logger;
  /** Clock of the presence engine (and of every server timestamp). */
  clock?: Clock;
  /** Heartbeat, replay buffer, backpressure and webhook retry tuning (tests shorten them). */
  events?: EventOptions;
}

/**
 * Opens the configured store (the data dir's SQLite file or PostgreSQL), settles the organisation, and wires the HTTP app
 * (auth, health, presence API, web client) and the socket.io gateway on one port.
 * Throws `ConfigError` for a configuration it cannot start with.
 */
export async function createBeaconServer(
  input: ServerConfigInput,
  overrides: BeaconServerOverrides = {},
): Promise<BeaconServer> {
  const config = resolveServerConfig(input);
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const now = () => clock.now();

  mkdirSync(config.dataDir, { recursive: true });
  const events = new EventBus(now, (error) => logger.error({ err: error }, 'an event subscriber failed'));
  const metrics = config.metrics ? createBeaconMetrics({ nodeId: config.nodeId }) : undefined;
  const opened = await openConfiguredStore(config, { now, logger });
  const store = withMessageEvents(metrics ? withCommitTiming(opened, metrics) : opened, events, logger);
  let domain: string;
  try {
    domain = await settleOrgDomain(store, {
      domain: config.domain,
      demo: config.demo,
      demoDomain: DEMO_DOMAIN,
    });
    if (config.demo) await seedDemo(store);
  } catch (error) {
    await store.close();
    if (error instanceof OrgConfigError) throw new ConfigError(error.message);
    throw error;
  }

  const sessions = new SessionService(store, { now });
  const login = new LoginService({ store, sessions, now });
  const engineOptions = {
    clock,
    graceMs: config.presenceGraceMs,
    idlePrecision: config.presenceIdlePrecision,
    layerStore: store.presence,
    onPersistError: (error: unknown, userId: string) =>
      logger.error({ err: error, userId }, 'saving presence layers failed'),
  };
  let cluster: Cluster | null = null;
  let presence: PresenceService;
  try {
    let engine: PresenceEngine;
    if (config.redisUrl === undefined) {
      engine = new PresenceEngine(engineOptions);
      presence = new LocalPresence(engine);
    } else {
      // Loaded only for several nodes: one node never loads ioredis or the adapter.
      const { openCluster } = await import('./cluster');
      cluster = await openCluster(
        {
          redisUrl: config.redisUrl,
          nodeId: config.nodeId,
          leaseMs: config.clusterLeaseMs,
          keyPrefix: config.redisKeyPrefix,
          logger,
        },
        engineOptions,
      );
      engine = cluster.engine;
      presence = cluster.presence;
    }
    const loaded = await engine.load();
    logger.debug({ users: loaded }, 'presence layers loaded');
    await cluster?.start();
  } catch (error) {
    await cluster?.close().catch(() => {});
    await store.close();
    if (cluster === null && config.redisUrl !== undefined) throw new ConfigError((error as Error).message);
    throw error;
  }

  const integrations = new IntegrationService(store, { now });
  const apiRateLimiter = new ApiRateLimiter(config.apiRateLimit, now);

  // The gateway needs the HTTP server, and logout needs the gateway: bound once both exist.
  let gateway: Gateway | null = null;
  const terminator: SessionTerminator = {
    endSessionsOfToken: (token, reason) => gateway?.endSessionsOfToken(token, reason),
  };
  const app = await buildHttpApp({
    logger,
    login,
    sessions,
    users: store.users,
    audit: store.audit,
    presence,
    integrations,
    apiRateLimiter,
    terminator,
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    webRoot: config.webRoot === undefined ? DEFAULT_WEB_ROOT : config.webRoot,
    now,
    // `closing` is set by close(), declared below; health is only asked once listening.
    health: { node: config.nodeId, store, redis: cluster ?? undefined, isDraining: () => closing !== null },
    metrics,
  });
  const stopRedisLatency =
    cluster && metrics ? metrics.watchRedis(cluster.redis, REDIS_LATENCY_PING_MS) : null;
  const liveGateway = createGateway(app.server, {
    store,
    presence,
    logger,
    now,
    metrics,
    policy: { orgDomain: domain, allowedExternalDomains: config.allowedExternalDomains },
    groupLimits: { groupsPerHour: config.groupsPerHour, invitationsPerHour: config.invitationsPerHour },
    messaging: { editWindowMs: config.messageEditWindowMs, userRateLimits: config.userRateLimits },
    sessions,
    corsOrigins: config.corsOrigins,
    disabledPollMs: config.disabledPollMs,
    pingIntervalMs: config.pingIntervalMs,
    pingTimeoutMs: config.pingTimeoutMs,
    recordingNotice: config.recordingNotice,
    ...(cluster ? { adapter: cluster.adapter, sharedRates: cluster.rateBackend(config.userRateLimits) } : {}),
  });
  gateway = liveGateway;
  const bots = await installBots(app, {
    store,
    presence,
    io: liveGateway.io,
    fanout: liveGateway.fanout,
    policy: { orgDomain: domain, allowedExternalDomains: config.allowedExternalDomains },
    sessions,
    integrations,
    rateLimiter: apiRateLimiter,
    logger,
    now,
  });
  const files = await installFiles(app, {
    store,
    io: liveGateway.io,
    sessions,
    config,
    logger,
    now,
  });
  await installComplianceExport(app, { store, blobs: files.blobs, sessions, dataDir: config.dataDir, now });
  await installComplianceVerify(app, { store, sessions, dataDir: config.dataDir, now });
  app.addHook('preClose', async () => liveGateway.close());
  await installEvents(app, {
    bus: events,
    presence,
    users: store.users,
    integrations,
    sessions,
    rateLimiter: apiRateLimiter,
    webhooks: webhookStoreOf(config),
    logger,
    now,
    options: {
      ...overrides.events,
      sse: { maxStreamsPerReader: config.apiMaxStreams, ...overrides.events?.sse },
    },
  });

  // The admin CLI is another process: the server looks for what it changed (see also
  // DisabledUsersWatcher and the token lookups, which read the tables at each request).
  const adminChanges = new PeriodicTask(
    'applying admin changes (bots, revoked integrations)',
    config.disabledPollMs,
    async () => {
      await bots.presence.sync(store.users);
      await clearRevokedClaims(store.integrations, presence, logger);
    },
    logger,
  );
  await adminChanges.runNow();
  adminChanges.start();

  // Several nodes: the once-a-day jobs run on the leader only (one manifest, one purge a day).
  const onlyOnLeader = cluster ? { onlyWhen: () => cluster?.isLeader() ?? true } : {};
  const manifests = startManifestJob({ store, dataDir: config.dataDir, logger, now, ...onlyOnLeader });
  await manifests.runNow();
  manifests.start();

  const retention = new RetentionJob({ store, mode: config.retentionPurge, now, logger, ...onlyOnLeader });
  retention.start();

  const purgeTimer = setInterval(() => {
    sessions
      .purgeExpired()
      .catch((error: unknown) => logger.error({ err: error }, 'purging expired sessions failed'));
  }, PURGE_EXPIRED_SESSIONS_MS);
  purgeTimer.unref();

  let closing: Promise<void> | null = null;
  return {
    config,
    domain,
    store,
    presence,
    cluster,
    events,
    logger,
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      logger.info({ host: config.host, port, domain }, 'listening');
      return { url: `http://${host}:${port}`, port };
    },
    close() {
      closing ??= (async () => {
        // Drain: no new connection from here (a load balancer moves them to another node; the
        // health check says `draining`), then the sockets are told to go, then the rest stops.
        app.server.close();
        clearInterval(purgeTimer);
        stopRedisLatency?.();
        await adminChanges.stop();
        await manifests.stop();
        await retention.stop();
        await files.close();
        await app.close();
        await presence.whenPersisted();
        if (cluster) await cluster.close();
        else await presence.dispose();
        await store.close();
        logger.info('closed');
      })();
      return closing;
    },
  };
}

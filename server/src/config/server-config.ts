import { hostname } from 'node:os';
import { FILE_LIMITS, LIMITS } from '@beacon/protocol';
import { z } from 'zod';
import { normalizeDomain } from '../accounts/accounts';
import { RETENTION_PURGE_MODES } from '../compliance/retention-job';
import { DEFAULT_API_RATE_LIMIT } from '../lib/token-buckets';
import { LOG_LEVELS } from '../logger';
import { IDLE_PRECISIONS } from '../presence/effective';
import { DEFAULT_GROUP_LIMITS } from '../realtime/services/group-limits';
import { DEFAULT_USER_RATE_LIMITS } from '../realtime/user-rate-limit';
import { assertSchemaName } from '../store/postgres/schema-name';
import { DatabaseUrlError, databaseTarget } from './database-url';

export const DEFAULT_PORT = 7878;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PRESENCE_GRACE_MS = 10_000;
export const DEFAULT_API_MAX_STREAMS = 50;
export const DEFAULT_DISABLED_POLL_MS = 2_000;
/** socket.io's own defaults. */
export const DEFAULT_PING_INTERVAL_MS = 25_000;
export const DEFAULT_PING_TIMEOUT_MS = 20_000;
/** Files: clamd's usual TCP port. */
export const DEFAULT_CLAMD_PORT = 3310;
/** Files: 1 upload per second per user sustained, 30 at once. */
export const DEFAULT_UPLOAD_RATE_LIMIT = { ratePerSecond: 1, burst: 30 };
/** Compliance: the notice the clients show once and in their About box (`ready.notices.recording`). */
export const DEFAULT_RECORDING_NOTICE = 'Messages in this organisation are recorded.';
/** A notice is read in a banner: a few sentences, not a policy document. */
export const RECORDING_NOTICE_MAX_CHARS = 500;
/** Where the server keeps its data: the embedded SQLite file in the data dir, or a PostgreSQL database. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];
export const DEFAULT_DATABASE_SCHEMA = 'public';

const tokenBucketSchema = z.object({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) });

/** Trimmed; empty (or null) turns the notice off. */
const recordingNoticeSchema = z
  .string()
  .trim()
  .max(RECORDING_NOTICE_MAX_CHARS, `must be at most ${RECORDING_NOTICE_MAX_CHARS} characters`)
  .nullable()
  .transform((text) => (text ? text : null));

/** Never repeats the URL in its message: it may hold a password. */
const databaseUrlSchema = z
  .string()
  .min(1)
  .superRefine((url, context) => {
    try {
      databaseTarget(url);
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
    }
  });

const redisUrlSchema = z.string().refine((text) => {
  try {
    const url = new URL(text);
    return url.protocol === 'redis:' || url.protocol === 'rediss:';
  } catch {
    return false;
  }
}, 'must be a redis:// or rediss:// URL');

const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash and underscore only, at most 64');

const databaseSchemaNameSchema = z.string().superRefine((schema, context) => {
  try {
    assertSchemaName(schema);
  } catch (error) {
    context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

const domainSchema = z.string().transform((value, context) => {
  const domain = normalizeDomain(value);
  if (domain) return domain;
  context.addIssue({
    code: 'custom',
    message: `"${value}" is not a mail domain (expected something like example.com)`,
  });
  return z.NEVER;
});

/**
 * Everything `createBeaconServer` needs. Only `dataDir` is required; the rest has
 * production defaults. Validated once at start-up so a typo fails loudly.
 */
export const serverConfigSchema = z.object({
  host: z.string().min(1).default(DEFAULT_HOST),
  /** 0 picks an ephemeral port. */
  port: z.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  /** Directory holding the embedded database; created if missing. */
  dataDir: z.string().min(1),
  /** The organisation's mail domain. Required on a fresh data dir unless `demo`; then persisted. */
  domain: domainSchema.optional(),
  /** Seed the demo organisation (idempotent). */
  demo: z.boolean().default(false),
  /** Mail domains outside the organisation whose users may be added to conversations. */
  allowedExternalDomains: z.array(domainSchema).default([]),
  /** How long a user whose last session left still shows its last presence (a reconnect does not flap). */
  presenceGraceMs: z.number().int().min(0).max(LIMITS.offlineGraceMaxMs).default(DEFAULT_PRESENCE_GRACE_MS),
  /**
   * How exactly others see when a user went idle: `exact`, `coarse` (rounded down to
   * 15 minutes) or `none` (no `idleSince`). The user always sees the exact time.
   */
  presenceIdlePrecision: z.enum(IDLE_PRECISIONS).default('exact'),
  /**
   * socket.io heartbeat: how often the server pings each session, and how long it waits
   * for the pong before it counts the session as gone (a cut network, a frozen laptop).
   * A vanished user shows offline after at most pingInterval + pingTimeout + presenceGrace.
   */
  pingIntervalMs: z.number().int().min(50).default(DEFAULT_PING_INTERVAL_MS),
  pingTimeoutMs: z.number().int().min(50).default(DEFAULT_PING_TIMEOUT_MS),
  /** How often the server looks for users an admin disabled, to end their sessions. */
  disabledPollMs: z.number().int().min(10).default(DEFAULT_DISABLED_POLL_MS),
  /** Origins allowed by CORS on the socket and the HTTP API; `'*'` allows any. */
  corsOrigins: z.union([z.literal('*'), z.array(z.string().min(1))]).default('*'),
  /** Directory of the renderer's web build served at `/`; null disables it. Default: `<repo>/out/web`. */
  webRoot: z.string().min(1).nullable().optional(),
  /** Trust `X-Forwarded-For` (only behind a reverse proxy) for the login rate limit's address. */
  trustProxy: z.boolean().default(false),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** Per-token rate limit of the integration API (`/api/v1/*`): a token bucket. */
  apiRateLimit: z
    .object({
      ratePerSecond: z.number().positive(),
      burst: z.number().int().min(1),
    })
    .default(DEFAULT_API_RATE_LIMIT),
  /** Event streams (`GET /api/v1/events`) one integration may keep open at once. */
  apiMaxStreams: z.number().int().min(1).default(DEFAULT_API_MAX_STREAMS),
  /** Conversations v2: groups one user may create per hour (all their sessions together). */
  groupsPerHour: z.number().int().min(1).default(DEFAULT_GROUP_LIMITS.groupsPerHour),
  /** Conversations v2: members one user may add to existing groups per hour. */
  invitationsPerHour: z.number().int().min(1).default(DEFAULT_GROUP_LIMITS.invitationsPerHour),
  /** Files: the largest upload accepted, in bytes (default 100 MB). */
  fileMaxBytes: z.number().int().min(1).default(FILE_LIMITS.defaultMaxBytes),
  /**
   * Files: clamd's UNIX socket. Omitted: Debian's `/var/run/clamav/clamd.ctl` when it exists;
   * null: no scanner (files stay pending). `clamdHost` (TCP) wins over it.
   */
  clamdSocket: z.string().min(1).nullable().optional(),
  clamdHost: z.string().min(1).optional(),
  clamdPort: z.number().int().min(1).max(65_535).default(DEFAULT_CLAMD_PORT),
  /** Files: longest wait for clamd to connect or answer while scanning. */
  clamdTimeoutMs: z.number().int().min(10).default(30_000),
  /** Files: backoff while clamd is unreachable (doubling from base up to max). */
  scanRetryBaseMs: z.number().int().min(10).default(1_000),
  scanRetryMaxMs: z.number().int().min(10).default(60_000),
  /** Files: uploads per user, all sessions together: a token bucket. */
  uploadRateLimit: z
    .object({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) })
    .default(DEFAULT_UPLOAD_RATE_LIMIT),
  /** Messages v2: how long after sending its sender may edit or delete a message; null: always. */
  messageEditWindowMs: z.number().int().min(1).nullable().default(null),
  /** Messages v2: per-user token buckets (all sessions together) for sends, edits/deletes and reactions. */
  userRateLimits: z
    .object({
      messageSend: tokenBucketSchema.default(DEFAULT_USER_RATE_LIMITS.messageSend),
      messageEdit: tokenBucketSchema.default(DEFAULT_USER_RATE_LIMITS.messageEdit),
      reaction: tokenBucketSchema.default(DEFAULT_USER_RATE_LIMITS.reaction),
    })
    .default(DEFAULT_USER_RATE_LIMITS),
  /**
   * Compliance: the notice every client shows once and in its About box, as given (the
   * organisation words it); null or empty: none.
   */
  recordingNotice: recordingNoticeSchema.default(DEFAULT_RECORDING_NOTICE),
  /** Compliance: the nightly retention purge only reports (`dry-run`) or removes (`apply`). */
  retentionPurge: z.enum(RETENTION_PURGE_MODES).default('dry-run'),
  /** `sqlite`: `<dataDir>/beacon.db`; `postgres`: the database at `databaseUrl` (docs/deploy.md). */
  store: z.enum(STORE_KINDS).default('sqlite'),
  /** PostgreSQL: `postgres://user:password@host:port/database`; required with `store: 'postgres'`. */
  databaseUrl: databaseUrlSchema.optional(),
  /** PostgreSQL: the schema Beacon's tables live in (created when missing). */
  databaseSchema: databaseSchemaNameSchema.default(DEFAULT_DATABASE_SCHEMA),
  /** Prometheus metrics at `GET /metrics` on the server's port, without login (keep it off the public side). */
  metrics: z.boolean().default(true),
  /**
   * Several nodes (docs/deploy.md): the Redis every node shares for fan-out and presence,
   * `redis://[user:password@]host:port[/db]`; needs `store: 'postgres'`. Omitted: one node.
   */
  redisUrl: redisUrlSchema.optional(),
  /** This node's name in logs, metrics and Redis (default the host name). */
  nodeId: nodeIdSchema.default(
    () =>
      hostname()
        .slice(0, 64)
        .replace(/[^A-Za-z0-9._-]/g, '-') || 'node',
  ),
  /** How long a node's lease lives without renewal: a dead node's sessions end that long after (plus half). */
  clusterLeaseMs: z.number().int().min(500).max(60_000).default(10_000),
  /** Prefix of every key Beacon keeps in Redis (one Redis may serve several Beacon clusters). */
  redisKeyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'letters, digits and : . _ - only, at most 64')
    .default('beacon:'),
});

export type ServerConfigInput = z.input<typeof serverConfigSchema>;
export type ServerConfig = z.output<typeof serverConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function resolveServerConfig(input: ServerConfigInput): ServerConfig {
  const result = serverConfigSchema.safeParse(input);
  if (result.success) {
    if (result.data.redisUrl !== undefined && result.data.store !== 'postgres') {
      throw new ConfigError(
        'redisUrl: several nodes need store postgres (every node shares one PostgreSQL database)',
      );
    }
    if (result.data.store === 'postgres' && result.data.databaseUrl === undefined) {
      throw new ConfigError(
        'databaseUrl: is required with store postgres (postgres://user:password@host:port/database)',
      );
    }
    return result.data;
  }
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'config';
  throw new ConfigError(`${field}: ${issue?.message ?? 'invalid'}`);
}

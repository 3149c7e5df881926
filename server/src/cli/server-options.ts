import { parseArgs } from 'node:util';
import { FILE_LIMITS, LIMITS } from '@beacon/protocol';
import { RETENTION_PURGE_MODES, type RetentionPurgeMode } from '../compliance/retention-job';
import { resolveDataDir } from '../config/data-dir';
import { DatabaseUrlError, databaseTarget } from '../config/database-url';
import {
  DEFAULT_API_MAX_STREAMS,
  DEFAULT_CLAMD_PORT,
  DEFAULT_DATABASE_SCHEMA,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_PRESENCE_GRACE_MS,
  DEFAULT_RECORDING_NOTICE,
  RECORDING_NOTICE_MAX_CHARS,
  STORE_KINDS,
  type StoreKind,
} from '../config/server-config';
import { DEBIAN_CLAMD_SOCKET } from '../files';
import { DEFAULT_API_RATE_LIMIT } from '../lib/token-buckets';
import { isLogLevel, LOG_LEVELS, type LogLevel } from '../logger';
import { IDLE_PRECISIONS, type IdlePrecision } from '../presence/effective';
import { assertSchemaName } from '../store/postgres/schema-name';

export const SERVER_USAGE = `Usage: npm run server -- [options]

  --port <n>                port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>             address to listen on (default ${DEFAULT_HOST})
  --data-dir <dir>          where the database lives (default .data or $BEACON_DATA_DIR; created if missing)
  --store <kind>            sqlite (the default: a file in the data dir) | postgres (docs/deploy.md)
  --database-url <url>      with --store postgres: postgres://user:password@host:port/database
                            (default $BEACON_DATABASE_URL)
  --database-schema <name>  with --store postgres: the schema of Beacon's tables (default ${DEFAULT_DATABASE_SCHEMA})
  --domain <domain>         the organisation's mail domain (required on a fresh data dir unless --demo)
  --demo                    seed the demo organisation acme.test (alice, bob, carol, dave… / beacon-demo)
  --allow-domain <d>        allow members from this external domain in conversations (repeatable)
  --presence-grace-ms <n>   delay before a user whose last session left shows offline
                            (default 10000, at most 15000)
  --presence-idle-precision <p>
                            how exactly others see since when a user is idle:
                            exact | coarse (15-minute steps) | none (default exact)
  --api-rate <n>            integration API requests per second per token (default 20)
  --api-burst <n>           integration API burst per token (default 100)
  --api-max-streams <n>     event streams (GET /api/v1/events) one integration may keep open (default ${DEFAULT_API_MAX_STREAMS})
  --log-level <level>       ${LOG_LEVELS.join(' | ')} (default info); logs are JSON on stderr
  --file-max-bytes <n>      largest file upload in bytes (default ${FILE_LIMITS.defaultMaxBytes})
  --clamd-socket <path>     clamd's UNIX socket for virus scans (default ${DEBIAN_CLAMD_SOCKET}
                            when it exists); "none": no scanner, uploads stay pending
  --clamd-host <host>       clamd over TCP instead (with --clamd-port)
  --clamd-port <n>          clamd's TCP port (default ${DEFAULT_CLAMD_PORT})
  --message-edit-window <minutes>
                            how long after sending a message its sender may edit or delete it
                            (default none: always)
  --trust-proxy             behind a reverse proxy (nginx): take the client's address from
                            X-Forwarded-For (login limits count per client, not per proxy)
  --redis-url <url>         several nodes: the Redis they share, redis://host:6379 (default
                            $BEACON_REDIS_URL; needs --store postgres; docs/deploy.md)
  --node-id <name>          this node's name in logs, metrics and Redis (default $BEACON_NODE_ID
                            or the host name)
  --redis-prefix <p>        prefix of Beacon's Redis keys (default beacon:)
  --cluster-lease-ms <n>    a node that stops renewing its lease for this long (plus half) is
                            taken for dead and its sessions end (default 10000)
  --recording-notice <text> the notice every client shows once and in its About box
                            (default "${DEFAULT_RECORDING_NOTICE}";
                            "" turns it off; at most ${RECORDING_NOTICE_MAX_CHARS} characters)
  --retention-purge <mode>  the nightly retention purge: dry-run (only reports what would go;
                            the default) | apply (removes what the retention policies allow)
  --no-metrics              do not serve Prometheus metrics at GET /metrics (served by default,
                            without login: keep /metrics off the public side of the proxy)
  -h, --help                show this help
`;

/** A command line the server cannot start with; the message says why. */
export class UsageError extends Error {}

export interface ServerCliOptions {
  port: number;
  host: string;
  dataDir: string;
  domain: string | undefined;
  demo: boolean;
  allowedExternalDomains: string[];
  presenceGraceMs: number;
  presenceIdlePrecision: IdlePrecision;
  logLevel: LogLevel;
  apiRateLimit: { ratePerSecond: number; burst: number };
  apiMaxStreams: number;
  fileMaxBytes: number;
  clamdSocket?: string | null;
  clamdHost?: string;
  clamdPort: number;
  messageEditWindowMs: number | null;
  /** null: no notice. */
  recordingNotice: string | null;
  retentionPurge: RetentionPurgeMode;
  store: StoreKind;
  /** Only with `store: 'postgres'`. */
  databaseUrl?: string;
  databaseSchema: string;
  /** False with --no-metrics. */
  metrics: boolean;
  trustProxy: boolean;
  /** Several nodes: the shared Redis (needs `store: 'postgres'`). */
  redisUrl?: string;
  nodeId?: string;
  redisKeyPrefix?: string;
  clusterLeaseMs?: number;
}

/** The server's options from its command line, or 'help'; throws `UsageError`. */
export function parseServerCli(argv: string[]): ServerCliOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
  }
  const presenceGraceMs =
    values['presence-grace-ms'] === undefined
      ? DEFAULT_PRESENCE_GRACE_MS
      : Number(values['presence-grace-ms']);
  if (
    !Number.isInteger(presenceGraceMs) ||
    presenceGraceMs < 0 ||
    presenceGraceMs > LIMITS.offlineGraceMaxMs
  ) {
    throw new UsageError(`--presence-grace-ms must be a number from 0 to ${LIMITS.offlineGraceMaxMs}`);
  }
  const presenceIdlePrecision = values['presence-idle-precision'] ?? 'exact';
  if (!isIdlePrecision(presenceIdlePrecision)) {
    throw new UsageError(`--presence-idle-precision must be one of ${IDLE_PRECISIONS.join(', ')}`);
  }
  const ratePerSecond =
    values['api-rate'] === undefined ? DEFAULT_API_RATE_LIMIT.ratePerSecond : Number(values['api-rate']);
  if (!(ratePerSecond > 0))
    throw new UsageError(`--api-rate must be a positive number, got "${values['api-rate']}"`);
  const burst =
    values['api-burst'] === undefined ? DEFAULT_API_RATE_LIMIT.burst : Number(values['api-burst']);
  if (!Number.isInteger(burst) || burst < 1) {
    throw new UsageError(`--api-burst must be a whole number of at least 1, got "${values['api-burst']}"`);
  }
  const apiMaxStreams =
    values['api-max-streams'] === undefined ? DEFAULT_API_MAX_STREAMS : Number(values['api-max-streams']);
  if (!Number.isInteger(apiMaxStreams) || apiMaxStreams < 1) {
    throw new UsageError(
      `--api-max-streams must be a whole number of at least 1, got "${values['api-max-streams']}"`,
    );
  }
  const fileMaxBytes =
    values['file-max-bytes'] === undefined ? FILE_LIMITS.defaultMaxBytes : Number(values['file-max-bytes']);
  if (!Number.isInteger(fileMaxBytes) || fileMaxBytes < 1) {
    throw new UsageError(
      `--file-max-bytes must be a whole number of at least 1, got "${values['file-max-bytes']}"`,
    );
  }
  const clamdPort = values['clamd-port'] === undefined ? DEFAULT_CLAMD_PORT : Number(values['clamd-port']);
  if (!Number.isInteger(clamdPort) || clamdPort < 1 || clamdPort > 65_535) {
    throw new UsageError(`--clamd-port must be a number from 1 to 65535, got "${values['clamd-port']}"`);
  }
  const clamdSocket = values['clamd-socket'];
  const messageEditWindowMs = editWindowMs(values['message-edit-window']);
  const recordingNotice = recordingNoticeOf(values['recording-notice']);
  const retentionPurge = values['retention-purge'] ?? 'dry-run';
  if (!isRetentionPurgeMode(retentionPurge)) {
    throw new UsageError(
      `--retention-purge must be one of ${RETENTION_PURGE_MODES.join(', ')}, got "${retentionPurge}"`,
    );
  }
  const store = storeSelection(values.store, values['database-url'], values['database-schema']);
  const cluster = clusterSelection(values, store.store);
  const logLevel = values['log-level'] ?? 'info';
  if (!isLogLevel(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    port,
    host: values.host ?? DEFAULT_HOST,
    dataDir: resolveDataDir(values['data-dir']),
    domain: values.domain,
    demo: values.demo ?? false,
    allowedExternalDomains: values['allow-domain'] ?? [],
    presenceGraceMs,
    presenceIdlePrecision,
    logLevel,
    apiRateLimit: { ratePerSecond, burst },
    apiMaxStreams,
    fileMaxBytes,
    ...(clamdSocket === undefined ? {} : { clamdSocket: clamdSocket === 'none' ? null : clamdSocket }),
    ...(values['clamd-host'] === undefined ? {} : { clamdHost: values['clamd-host'] }),
    clamdPort,
    messageEditWindowMs,
    recordingNotice,
    retentionPurge,
    ...store,
    metrics: !values['no-metrics'],
    ...cluster,
    trustProxy: values['trust-proxy'] ?? false,
  };
}

function clusterSelection(
  values: ReturnType<typeof parse>['values'],
  store: StoreKind,
): Pick<ServerCliOptions, 'redisUrl' | 'nodeId' | 'redisKeyPrefix' | 'clusterLeaseMs'> {
  const redisUrl = nonEmpty(values['redis-url']) ?? nonEmpty(process.env.BEACON_REDIS_URL);
  const nodeId = nonEmpty(values['node-id']) ?? nonEmpty(process.env.BEACON_NODE_ID);
  const leaseText = values['cluster-lease-ms'];
  if (redisUrl === undefined) {
    if (values['redis-url'] !== undefined) throw new UsageError('--redis-url: must not be empty');
    return nodeId === undefined ? {} : { nodeId };
  }
  if (store !== 'postgres') {
    throw new UsageError('--redis-url needs --store postgres: every node shares one PostgreSQL database');
  }
  const clusterLeaseMs = leaseText === undefined ? undefined : Number(leaseText);
  if (clusterLeaseMs !== undefined && !(Number.isInteger(clusterLeaseMs) && clusterLeaseMs >= 500)) {
    throw new UsageError(`--cluster-lease-ms must be a whole number of at least 500, got "${leaseText}"`);
  }
  return {
    redisUrl,
    ...(nodeId === undefined ? {} : { nodeId }),
    ...(values['redis-prefix'] === undefined ? {} : { redisKeyPrefix: values['redis-prefix'] }),
    ...(clusterLeaseMs === undefined ? {} : { clusterLeaseMs }),
  };
}

/** The store the flags name (`--store`, `--database-url` or $BEACON_DATABASE_URL, `--database-schema`); the admin CLI shares it. */
export function storeSelection(
  kind: string | undefined,
  urlFlag: string | undefined,
  schemaFlag: string | undefined,
): Pick<ServerCliOptions, 'store' | 'databaseUrl' | 'databaseSchema'> {
  const store = kind ?? 'sqlite';
  if (!isStoreKind(store))
    throw new UsageError(`--store must be one of ${STORE_KINDS.join(', ')}, got "${store}"`);
  if (store === 'sqlite') {
    // The environment's URL may serve other tools; only the flags are a mistake here.
    if (urlFlag !== undefined) throw new UsageError('--database-url needs --store postgres');
    if (schemaFlag !== undefined) throw new UsageError('--database-schema needs --store postgres');
    return { store, databaseSchema: DEFAULT_DATABASE_SCHEMA };
  }
  const databaseUrl = nonEmpty(urlFlag) ?? nonEmpty(process.env.BEACON_DATABASE_URL);
  if (databaseUrl === undefined) {
    throw new UsageError(
      '--store postgres needs --database-url postgres://user:password@host:port/database (or $BEACON_DATABASE_URL)',
    );
  }
  try {
    databaseTarget(databaseUrl);
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new UsageError(`--database-url: ${error.message}`);
    throw error;
  }
  const databaseSchema = schemaFlag ?? DEFAULT_DATABASE_SCHEMA;
  try {
    assertSchemaName(databaseSchema);
  } catch (error) {
    throw new UsageError(`--database-schema: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { store, databaseUrl, databaseSchema };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

function isStoreKind(value: string): value is StoreKind {
  return (STORE_KINDS as readonly string[]).includes(value);
}

function recordingNoticeOf(text: string | undefined): string | null {
  if (text === undefined) return DEFAULT_RECORDING_NOTICE;
  const notice = text.trim();
  if (notice.length > RECORDING_NOTICE_MAX_CHARS) {
    throw new UsageError(
      `--recording-notice must be at most ${RECORDING_NOTICE_MAX_CHARS} characters, got ${notice.length}`,
    );
  }
  return notice === '' ? null : notice;
}

function editWindowMs(minutes: string | undefined): number | null {
  if (minutes === undefined || minutes === 'none') return null;
  const ms = Math.round(Number(minutes) * 60_000);
  if (!Number.isFinite(ms) || ms < 1) {
    throw new UsageError(
      `--message-edit-window must be a positive number of minutes or "none", got "${minutes}"`,
    );
  }
  return ms;
}

function isRetentionPurgeMode(value: string): value is RetentionPurgeMode {
  return (RETENTION_PURGE_MODES as readonly string[]).includes(value);
}

function isIdlePrecision(value: string): value is IdlePrecision {
  return (IDLE_PRECISIONS as readonly string[]).includes(value);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      domain: { type: 'string' },
      demo: { type: 'boolean' },
      'allow-domain': { type: 'string', multiple: true },
      'presence-grace-ms': { type: 'string' },
      'presence-idle-precision': { type: 'string' },
      'api-rate': { type: 'string' },
      'api-burst': { type: 'string' },
      'api-max-streams': { type: 'string' },
      'log-level': { type: 'string' },
      'file-max-bytes': { type: 'string' },
      'clamd-socket': { type: 'string' },
      'clamd-host': { type: 'string' },
      'clamd-port': { type: 'string' },
      'message-edit-window': { type: 'string' },
      'retention-purge': { type: 'string' },
      'recording-notice': { type: 'string' },
      store: { type: 'string' },
      'database-url': { type: 'string' },
      'database-schema': { type: 'string' },
      'no-metrics': { type: 'boolean' },
      'redis-url': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'node-id': { type: 'string' },
      'redis-prefix': { type: 'string' },
      'cluster-lease-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

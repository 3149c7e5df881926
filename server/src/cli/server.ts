import { parseArgs } from 'node:util';
import { FILE_LIMITS, LIMITS } from '@beacon/protocol';
import { type BeaconServer, createBeaconServer } from '../app';
import { resolveDataDir } from '../config/data-dir';
import {
  ConfigError,
  DEFAULT_API_MAX_STREAMS,
  DEFAULT_CLAMD_PORT,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_PRESENCE_GRACE_MS,
} from '../config/server-config';
import { DEBIAN_CLAMD_SOCKET } from '../files';
import { DEFAULT_API_RATE_LIMIT } from '../integrations/token-bucket';
import { isLogLevel, LOG_LEVELS, type LogLevel } from '../logger';
import { IDLE_PRECISIONS, type IdlePrecision } from '../presence/effective';

const USAGE = `Usage: npm run server -- [options]

  --port <n>                port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>             address to listen on (default ${DEFAULT_HOST})
  --data-dir <dir>          where the database lives (default .data or $BEACON_DATA_DIR; created if missing)
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
  --clamd-host <host>       clamd over TCP instead (with --clamd-port, default ${DEFAULT_CLAMD_PORT})
  -h, --help                show this help
`;

class UsageError extends Error {}

interface CliOptions {
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
}

function parseCli(argv: string[]): CliOptions | 'help' {
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
  };
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
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function main(): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`beacon server: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  let server: BeaconServer;
  try {
    server = await createBeaconServer(options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`beacon server: ${error.message}\n`);
    return 1;
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      server.logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  let url: string;
  try {
    ({ url } = await server.listen());
  } catch (error) {
    await server.close();
    throw error;
  }
  // Exactly one line on stdout: scripts and tests wait for it.
  process.stdout.write(`Beacon server listening on ${url}\n`);
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `beacon server: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);

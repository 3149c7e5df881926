import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLogLevel, type LogLevel } from '../../logger';
import { DEFAULT_CLAIM_ID, DEFAULT_POLL_INTERVAL_MS } from './bridge';

export const CALENDAR_USAGE = `Usage: npm run integration:calendar -- --server <url> --feeds <mapping.json> [options]

Keeps a Beacon status claim per user from their iCalendar (ICS) feed: busy "In a meeting"
during a meeting, away "Out of office" during an out-of-office event.

  --server <url>        the Beacon server, e.g. https://beacon.example.com (or BEACON_URL)
  --token <token>       an integration token with presence:write (or BEACON_TOKEN, which
                        keeps it out of the process list)
  --feeds <file>        JSON: [{ "email": "alice@acme.test", "url": "https://…/alice.ics" }]
  --interval <seconds>  how often the feeds are read (default ${DEFAULT_POLL_INTERVAL_MS / 1000})
  --claim-id <id>       the claim's id (default "${DEFAULT_CLAIM_ID}")
  --public-summaries    show the summary of events marked CLASS:PUBLIC instead of "In a meeting"
  --once                read the feeds once, set the claims and exit
  --log-level <level>   info (default), warn, error, debug, silent
`;

export interface CalendarCliOptions {
  server: string;
  token: string;
  feedsPath: string;
  pollIntervalMs: number;
  claimId: string;
  publicSummaries: boolean;
  once: boolean;
  logLevel: LogLevel;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The bridge's arguments. `npm run` starts scripts in the package's folder, so a relative
 * `--feeds` is resolved against `INIT_CWD` (where the command was typed) when npm set it.
 */
export function parseCalendarArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): CalendarCliOptions | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const server = values.server ?? env.BEACON_URL;
  const token = values.token ?? env.BEACON_TOKEN;
  if (!server) throw new UsageError('--server is required (or set BEACON_URL)');
  if (!/^https?:\/\//.test(server)) throw new UsageError(`--server: "${server}" is not an http(s) URL`);
  if (!token) throw new UsageError('--token is required (or set BEACON_TOKEN)');
  if (!values.feeds) throw new UsageError('--feeds is required: a JSON file mapping e-mails to ICS URLs');
  const seconds = values.interval === undefined ? DEFAULT_POLL_INTERVAL_MS / 1000 : Number(values.interval);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 86_400) {
    throw new UsageError(`--interval: "${values.interval}" is not a number of seconds from 1 to 86400`);
  }
  const logLevel = values['log-level'] ?? 'info';
  if (!isLogLevel(logLevel)) throw new UsageError(`--log-level: unknown level "${logLevel}"`);
  const baseDir = env.INIT_CWD ?? process.cwd();
  return {
    server,
    token,
    feedsPath: isAbsolute(values.feeds) ? values.feeds : resolve(baseDir, values.feeds),
    pollIntervalMs: Math.round(seconds * 1000),
    claimId: values['claim-id'] ?? DEFAULT_CLAIM_ID,
    publicSummaries: values['public-summaries'] ?? false,
    once: values.once ?? false,
    logLevel,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      feeds: { type: 'string' },
      interval: { type: 'string' },
      'claim-id': { type: 'string' },
      'public-summaries': { type: 'boolean' },
      once: { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

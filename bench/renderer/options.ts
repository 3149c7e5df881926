import { parseArgs } from 'node:util';

/** How big the generated world is and how hard the scenarios push. */
export interface BenchSize {
  contacts: number;
  messages: number;
  /** Cold opens of the big conversation (the median is the figure). */
  opens: number;
  /** How far back to scroll the transcript, in messages (the client loads them page by page). */
  scrollMessages: number;
  stormSeconds: number;
  /** Presence updates per second during the storm. */
  stormRate: number;
}

export const FULL_SIZE: BenchSize = {
  contacts: 5_000,
  messages: 100_000,
  opens: 5,
  scrollMessages: 1_000,
  stormSeconds: 10,
  stormRate: 100,
};

export const QUICK_SIZE: BenchSize = {
  contacts: 1_000,
  messages: 10_000,
  opens: 3,
  scrollMessages: 250,
  stormSeconds: 3,
  stormRate: 100,
};

export interface BenchOptions {
  mode: 'full' | 'quick';
  size: BenchSize;
  /** Build the web client into a private folder even when `out/web` looks current. */
  rebuild: boolean;
  /** Serve this web build as it is (e.g. an A/B experiment), instead of `out/web`. */
  webRoot: string | null;
  /** Insert the messages one by one through `Store.messages.append` instead of one bulk SQL transaction. */
  seedViaStore: boolean;
  /** Record CPU profiles of the scroll and storm phases (implies a private, unminified build). */
  profile: boolean;
  /** Record a Chrome performance trace of the scroll and storm phases. */
  trace: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench:renderer -- [options]

Drives the web build in Debian's Chromium against an in-process Beacon server with a
generated organisation, and prints the renderer's performance figures.

  --quick            smaller world for smoke runs (${QUICK_SIZE.messages.toLocaleString('en')} messages, ${QUICK_SIZE.contacts.toLocaleString('en')} contacts, ${QUICK_SIZE.stormSeconds} s storm)
  --opens <n>        how many times to open the big conversation (default ${FULL_SIZE.opens}, quick ${QUICK_SIZE.opens})
  --web-root <dir>   serve this web build as it is instead of out/web
  --rebuild          build the web client into a private folder (default: use out/web, building it
                     when missing, or privately when renderer sources are newer than it)
  --seed-via-store   insert messages one by one through Store.messages.append (slow, ~0.3 ms each)
  --profile          write CPU profiles (.cpuprofile) of the scroll and storm phases next to the results,
                     from an unminified build, and print the hottest functions
  --trace            write a Chrome performance trace (.trace.json) of the scroll and storm phases
  --help             show this help`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const quick = values.quick === true;
  const base = quick ? QUICK_SIZE : FULL_SIZE;
  const opens = values.opens === undefined ? base.opens : Number(values.opens);
  if (!Number.isInteger(opens) || opens < 1 || opens > 100) {
    throw new UsageError(`--opens must be a whole number from 1 to 100, got "${values.opens}"`);
  }
  return {
    mode: quick ? 'quick' : 'full',
    size: { ...base, opens },
    rebuild: values.rebuild === true,
    webRoot: values['web-root'] ?? null,
    seedViaStore: values['seed-via-store'] === true,
    profile: values.profile === true,
    trace: values.trace === true,
    help: values.help === true,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean' },
      opens: { type: 'string' },
      rebuild: { type: 'boolean' },
      'web-root': { type: 'string' },
      'seed-via-store': { type: 'boolean' },
      profile: { type: 'boolean' },
      trace: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

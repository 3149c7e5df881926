import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { STORE_FLAG_NAMES, type StoreFlags, selectedPostgres } from '../cli/admin-store';
import { AuditService, type RecordAudit } from '../compliance/audit';
import { sha256Hex } from '../compliance/chain';
import { cliActor } from '../compliance/cli/command-group';
import { databaseFile, hasDatabase, resolveDataDir } from '../config/data-dir';
import { scrubPassword } from '../config/database-url';
import { EVENT_TYPES, type EventType, isEventType } from '../events/bus';
import { formatAttempts, formatWebhookTable } from './admin-format';
import { type OpenedWebhookQueue, openWebhookQueue, type WebhookStoreTarget } from './connection';
import type { WebhookQueue } from './queue';

/** `npm run admin -- webhook …`, dispatched from accounts/admin-cli.ts. */
export const WEBHOOK_USAGE = `  webhook add <url> --events <type,type…> [--secret <secret>]
        Register a webhook for presence.changed, message.created and/or message.updated
        (messages of conversations with a bot; updated: edited or deleted). Without --secret one is generated and printed once,
        alone on the last line. Applies to a running server (every node) within a second.
  webhook list
        List every webhook: id, URL, events, active/disabled, deliveries pending.
  webhook remove <id>
        Remove a webhook with its queue and delivery log.
  webhook deliveries <id> [--limit <n>]
        The newest delivery attempts (default 50): event id, attempt, status, time, error.
`;

const MIN_SECRET_CHARS = 16;
const MAX_URL_CHARS = 2048;

export interface WebhookIo {
  out(text: string): void;
  err(text: string): void;
  baseDir?: string;
  /** The clock (tests pin it). */
  now?: () => number;
}

export type WebhookCommand =
  | { action: 'add'; url: string; events: EventType[]; secret: string | undefined }
  | { action: 'list' }
  | { action: 'remove'; id: string }
  | { action: 'deliveries'; id: string; limit: number };

/** A refused webhook command: bad arguments or no such webhook. */
export class WebhookCommandError extends Error {}

/** Whether argv is a `webhook …` command (the first argument that is not an option). */
export function isWebhookInvocation(argv: readonly string[]): boolean {
  const takesValue = new Set(['--data-dir', '--domain', ...STORE_FLAG_NAMES]);
  const first = argv.find((arg, index) => !arg.startsWith('-') && !takesValue.has(argv[index - 1] ?? ''));
  return first === 'webhook';
}

export interface WebhookInvocation {
  command: WebhookCommand;
  dataDir: string | undefined;
  /** The server's store flags: with `--store postgres`, the database the nodes share. */
  store: StoreFlags;
}

/** Runs `webhook …` with its own options; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runWebhookAdmin(argv: readonly string[], io: WebhookIo): Promise<number> {
  let parsed: WebhookInvocation | 'help';
  try {
    parsed = parseWebhookInvocation(argv);
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    io.err('Run with --help for usage.\n');
    return 2;
  }
  if (parsed === 'help') {
    io.out(
      'Usage: npm run admin -- [--data-dir <dir> | --store postgres --database-url <url> ' +
        `[--database-schema <name>]] webhook <command>\n\n${WEBHOOK_USAGE}`,
    );
    return 0;
  }
  let target: WebhookStoreTarget;
  try {
    target = webhookTarget(parsed, io.baseDir);
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const scrub = (text: string) => (target.store === 'postgres' ? scrubPassword(target.url, text) : text);
  const now = io.now ?? Date.now;
  let opened: OpenedWebhookQueue;
  try {
    opened = await openWebhookQueue(target);
  } catch (error) {
    io.err(
      `error: cannot open the database: ${scrub(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 1;
  }
  try {
    const record = new AuditService(opened.audit, now).recorderFor(cliActor());
    await runWebhookCommand(opened.queue, parsed.command, io.out, now(), record);
    return 0;
  } catch (error) {
    io.err(`error: ${scrub(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  } finally {
    await opened.close();
  }
}

/** The database the flags name: PostgreSQL with `--store postgres`, else the data dir's SQLite file. */
function webhookTarget(invocation: WebhookInvocation, baseDir: string | undefined): WebhookStoreTarget {
  const postgres = selectedPostgres(invocation.store);
  if (postgres) return { store: 'postgres', ...postgres };
  const dataDir = resolveDataDir(invocation.dataDir, baseDir);
  if (!hasDatabase(dataDir)) {
    throw new Error(`no Beacon database in ${dataDir}. Check --data-dir, or start the server there first.`);
  }
  return { store: 'sqlite', file: databaseFile(dataDir) };
}

export function parseWebhookInvocation(argv: readonly string[]): WebhookInvocation | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      domain: { type: 'string' },
      store: { type: 'string' },
      'database-url': { type: 'string' },
      'database-schema': { type: 'string' },
      events: { type: 'string' },
      secret: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [, action, ...args] = positionals;
  const only = (allowed: ReadonlyArray<'events' | 'secret' | 'limit'>) => {
    for (const option of ['events', 'secret', 'limit'] as const) {
      if (values[option] !== undefined && !allowed.includes(option)) {
        throw new WebhookCommandError(`"webhook ${action}" does not take --${option}`);
      }
    }
  };
  const one = (what: string) => {
    const [first, ...extra] = args;
    if (first === undefined) throw new WebhookCommandError(`"webhook ${action}" needs ${what}`);
    if (extra.length > 0) throw new WebhookCommandError(`unexpected argument "${extra[0]}"`);
    return first;
  };
  const where = {
    dataDir: values['data-dir'],
    store: {
      store: values.store,
      databaseUrl: values['database-url'],
      databaseSchema: values['database-schema'],
    },
  };
  switch (action) {
    case 'add': {
      only(['events', 'secret']);
      const url = checkUrl(one('the receiver URL'));
      if (values.events === undefined) {
        throw new WebhookCommandError(`"webhook add" needs --events (${EVENT_TYPES.join(', ')})`);
      }
      const events = checkEvents(values.events);
      if (values.secret !== undefined && values.secret.length < MIN_SECRET_CHARS) {
        throw new WebhookCommandError(`--secret: at least ${MIN_SECRET_CHARS} characters (or leave it out)`);
      }
      return { command: { action: 'add', url, events, secret: values.secret }, ...where };
    }
    case 'list':
      only([]);
      if (args.length > 0) throw new WebhookCommandError(`unexpected argument "${args[0]}"`);
      return { command: { action: 'list' }, ...where };
    case 'remove':
      only([]);
      return { command: { action: 'remove', id: one("the webhook's id") }, ...where };
    case 'deliveries': {
      only(['limit']);
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new WebhookCommandError('--limit: a whole number from 1 to 10000');
      }
      return { command: { action: 'deliveries', id: one("the webhook's id"), limit }, ...where };
    }
    case undefined:
      throw new WebhookCommandError('missing webhook command (add, list, remove, deliveries)');
    default:
      throw new WebhookCommandError(`unknown command "webhook ${action}"`);
  }
}

/** Runs one webhook command; changes are recorded with `record` once made (never the secret). */
export async function runWebhookCommand(
  queue: WebhookQueue,
  command: WebhookCommand,
  out: (text: string) => void,
  now: number,
  record: RecordAudit,
): Promise<void> {
  switch (command.action) {
    case 'add': {
      const secret = command.secret ?? randomBytes(32).toString('hex');
      const webhook = await queue.create({
        url: command.url,
        events: command.events,
        secret,
        createdAt: now,
      });
      await record('webhook.add', webhook.id, {
        ...receiverOf(webhook.url),
        events: webhook.events,
        secretGenerated: command.secret === undefined,
      });
      out(`Added webhook ${webhook.id} → ${webhook.url} (${webhook.events.join(', ')}).\n`);
      if (command.secret === undefined) {
        out('Its signing secret, shown only this once (give it to the receiver):\n');
        out(`${secret}\n`);
      }
      return;
    }
    case 'list':
      out(formatWebhookTable(await queue.list()));
      return;
    case 'remove':
      if (!(await queue.remove(command.id)))
        throw new WebhookCommandError(`no webhook with id ${command.id}`);
      await record('webhook.remove', command.id, {});
      out(`Removed webhook ${command.id} with its queued deliveries and log.\n`);
      return;
    case 'deliveries':
      if (!(await queue.exists(command.id)))
        throw new WebhookCommandError(`no webhook with id ${command.id}`);
      out(formatAttempts(await queue.attempts(command.id, command.limit)));
      return;
  }
}

/**
 * A receiver URL's path or query often is its credential (e.g. chat services' incoming
 * webhooks), so the audit log keeps only the origin and a digest to match the full URL against.
 */
function receiverOf(url: string): { origin: string; urlSha256: string } {
  return { origin: new URL(url).origin, urlSha256: sha256Hex(url) };
}

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookCommandError(`"${raw}" is not a URL (e.g. https://example.test/beacon-hook)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookCommandError(`"${raw}": only http and https URLs can receive webhooks`);
  }
  if (raw.length > MAX_URL_CHARS)
    throw new WebhookCommandError(`the URL is longer than ${MAX_URL_CHARS} characters`);
  return url.toString();
}

function checkEvents(raw: string): EventType[] {
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const unknown = names.find((name) => !isEventType(name));
  if (unknown !== undefined || names.length === 0) {
    throw new WebhookCommandError(
      `--events: ${unknown === undefined ? 'give at least one' : `unknown event "${unknown}"`}; the events are ${EVENT_TYPES.join(', ')}`,
    );
  }
  return EVENT_TYPES.filter((type) => names.includes(type));
}

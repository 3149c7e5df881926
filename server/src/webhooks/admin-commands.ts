import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AuditService, type RecordAudit } from '../compliance/audit';
import { sha256Hex } from '../compliance/chain';
import { cliActor } from '../compliance/cli/command-group';
import { databaseFile, hasDatabase, resolveDataDir } from '../config/data-dir';
import { EVENT_TYPES, type EventType, isEventType } from '../events/bus';
import { openWebhookRepository } from './connection';
import type { DeliveryAttempt, SqliteWebhookRepository, WebhookRecord } from './repository';

/** `npm run admin -- webhook …`, dispatched from accounts/admin-cli.ts. */
export const WEBHOOK_USAGE = `  webhook add <url> --events <type,type…> [--secret <secret>]
        Register a webhook for presence.changed, message.created and/or message.updated
        (messages of conversations with a bot; updated: edited or deleted). Without --secret one is generated and printed once,
        alone on the last line. Applies to a running server within a second.
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
  const takesValue = new Set(['--data-dir', '--domain']);
  const first = argv.find((arg, index) => !arg.startsWith('-') && !takesValue.has(argv[index - 1] ?? ''));
  return first === 'webhook';
}

/** Runs `webhook …` with its own options; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runWebhookAdmin(argv: readonly string[], io: WebhookIo): Promise<number> {
  let parsed: { command: WebhookCommand; dataDir: string | undefined } | 'help';
  try {
    parsed = parseWebhookInvocation(argv);
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    io.err('Run with --help for usage.\n');
    return 2;
  }
  if (parsed === 'help') {
    io.out(`Usage: npm run admin -- [--data-dir <dir>] webhook <command>\n\n${WEBHOOK_USAGE}`);
    return 0;
  }
  const dataDir = resolveDataDir(parsed.dataDir, io.baseDir);
  if (!hasDatabase(dataDir)) {
    io.err(`error: no Beacon database in ${dataDir}. Check --data-dir, or start the server there first.\n`);
    return 1;
  }
  const now = io.now ?? Date.now;
  const { repository, audit, close } = openWebhookRepository(databaseFile(dataDir));
  try {
    const record = new AuditService(audit, now).recorderFor(cliActor());
    await runWebhookCommand(repository, parsed.command, io.out, now(), record);
    return 0;
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    close();
  }
}

export function parseWebhookInvocation(
  argv: readonly string[],
): { command: WebhookCommand; dataDir: string | undefined } | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      domain: { type: 'string' },
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
  const dataDir = values['data-dir'];
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
      return { command: { action: 'add', url, events, secret: values.secret }, dataDir };
    }
    case 'list':
      only([]);
      if (args.length > 0) throw new WebhookCommandError(`unexpected argument "${args[0]}"`);
      return { command: { action: 'list' }, dataDir };
    case 'remove':
      only([]);
      return { command: { action: 'remove', id: one("the webhook's id") }, dataDir };
    case 'deliveries': {
      only(['limit']);
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new WebhookCommandError('--limit: a whole number from 1 to 10000');
      }
      return { command: { action: 'deliveries', id: one("the webhook's id"), limit }, dataDir };
    }
    case undefined:
      throw new WebhookCommandError('missing webhook command (add, list, remove, deliveries)');
    default:
      throw new WebhookCommandError(`unknown command "webhook ${action}"`);
  }
}

/** Runs one webhook command; changes are recorded with `record` once made (never the secret). */
export async function runWebhookCommand(
  repository: SqliteWebhookRepository,
  command: WebhookCommand,
  out: (text: string) => void,
  now: number,
  record: RecordAudit,
): Promise<void> {
  switch (command.action) {
    case 'add': {
      const secret = command.secret ?? randomBytes(32).toString('hex');
      const webhook = repository.create({ url: command.url, events: command.events, secret, createdAt: now });
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
      out(formatWebhookTable(repository.list()));
      return;
    case 'remove':
      if (!repository.remove(command.id)) throw new WebhookCommandError(`no webhook with id ${command.id}`);
      await record('webhook.remove', command.id, {});
      out(`Removed webhook ${command.id} with its queued deliveries and log.\n`);
      return;
    case 'deliveries':
      if (!repository.exists(command.id)) throw new WebhookCommandError(`no webhook with id ${command.id}`);
      out(formatAttempts(repository.attempts(command.id, command.limit)));
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

const time = (at: number | null) => (at === null ? '-' : new Date(at).toISOString());

export function formatWebhookTable(webhooks: readonly WebhookRecord[]): string {
  if (webhooks.length === 0) return 'No webhooks yet.\n';
  const rows = [
    ['ID', 'EVENTS', 'STATUS', 'PENDING', 'CREATED', 'URL'],
    ...webhooks.map((webhook) => [
      webhook.id,
      webhook.events.join(','),
      webhook.disabledAt !== null ? 'disabled' : webhook.failingSince !== null ? 'failing' : 'active',
      String(webhook.pending),
      time(webhook.createdAt),
      webhook.url,
    ]),
  ];
  const disabled = webhooks
    .filter((webhook) => webhook.disabledAt !== null)
    .map(
      (webhook) => `${webhook.id} disabled ${time(webhook.disabledAt)}: ${webhook.disabledReason ?? ''}\n`,
    );
  const count = webhooks.length === 1 ? '1 webhook' : `${webhooks.length} webhooks`;
  return `${table(rows)}${count}\n${disabled.join('')}`;
}

export function formatAttempts(attempts: readonly DeliveryAttempt[]): string {
  if (attempts.length === 0) return 'No delivery attempts yet.\n';
  const rows = [
    ['EVENT', 'ATTEMPT', 'STATUS', 'TIME', 'MS', 'ERROR'],
    ...attempts.map((attempt) => [
      attempt.eventId,
      String(attempt.attempt),
      attempt.status === null ? '-' : String(attempt.status),
      time(attempt.at),
      String(attempt.durationMs),
      attempt.error ?? '',
    ]),
  ];
  return table(rows);
}

function table(rows: readonly string[][]): string {
  const last = (rows[0]?.length ?? 1) - 1;
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, column) => (column < last ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

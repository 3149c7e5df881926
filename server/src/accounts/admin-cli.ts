import { parseArgs } from 'node:util';
import { generatePassword, type ScryptParams } from '../auth/passwords';
import { BOT_USAGE, type BotCommand, parseBotCommand, runBotCommand } from '../bots/admin-commands';
import {
  databaseFile,
  hasDatabase,
  OrgConfigError,
  resolveDataDir,
  settleOrgDomain,
} from '../config/data-dir';
import {
  INTEGRATION_USAGE,
  type IntegrationCommand,
  parseIntegrationCommand,
  runIntegrationCommand,
} from '../integrations/admin-commands';
import { IntegrationError } from '../integrations/service';
import { openSqliteStore, SchemaTooNewError } from '../store/sqlite';
import type { Store, UserRecord } from '../store/types';
import { isWebhookInvocation, runWebhookAdmin, WEBHOOK_USAGE } from '../webhooks/admin-commands';
import { AccountError, AccountService } from './accounts';
import { PromptCancelled } from './hidden-prompt';

export const ADMIN_USAGE = `Beacon administration

Usage: npm run admin -- [--data-dir <dir>] [--domain <domain>] <command>

Commands:
  user add <email> --name "<Display Name>" [--password <pw>]
        Add a user of the organisation. Without --password you are asked for one
        (twice, not echoed); when not at a terminal, one is generated and printed once.
  user list
        List every user: e-mail, name, enabled/disabled.
  user disable <email>
        Disable a user: login is refused and open sessions end (within seconds on a
        running server).
  user enable <email>
        Enable a disabled user again.
  user reset-password <email> [--password <pw>]
        Set a new password (asked for or generated as for "user add") and end the
        user's sessions.
${INTEGRATION_USAGE}${BOT_USAGE}${WEBHOOK_USAGE}
Options:
  --data-dir <dir>   Where the server keeps its database (default: $BEACON_DATA_DIR, else ./.data).
  --domain <domain>  The organisation's mail domain. Needed only before the server's first
                     start; otherwise it must match the one the data directory was set up with.
  -h, --help         Show this help.

A password given with --password may stay in your shell history; prefer the prompt.
`;

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface AdminIo {
  out(text: string): void;
  err(text: string): void;
  stdinIsTTY: boolean;
  promptHidden(question: string): Promise<string>;
  /** Directory relative `--data-dir` values are resolved against. */
  baseDir?: string;
  hashParams?: ScryptParams;
}

class UsageError extends Error {}
class CliError extends Error {}

type Command =
  | { kind: 'add'; email: string; name: string; password: string | undefined }
  | { kind: 'list' }
  | { kind: 'disable' | 'enable'; email: string }
  | { kind: 'reset-password'; email: string; password: string | undefined }
  | { kind: 'integration'; integration: IntegrationCommand }
  | { kind: 'bot'; bot: BotCommand };

interface Invocation {
  command: Command;
  dataDir: string | undefined;
  domain: string | undefined;
}

/**
 * Runs one admin command; returns the process exit code. Never prints hashes, nor tokens but
 * the one a command creates (alone on its last line).
 */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  if (isWebhookInvocation(argv)) return runWebhookAdmin(argv, io);
  let invocation: Invocation | 'help';
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    io.err('Run with --help for usage.\n');
    return EXIT_USAGE;
  }
  if (invocation === 'help') {
    io.out(ADMIN_USAGE);
    return EXIT_OK;
  }
  try {
    await execute(invocation, io);
    return EXIT_OK;
  } catch (error) {
    io.err(`error: ${describe(error)}\n`);
    return EXIT_FAILURE;
  }
}

function parseInvocation(argv: readonly string[]): Invocation | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs' own messages name the bad option; keep them.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [group, action, ...rest] = positionals;
  if (group === undefined) throw new UsageError('missing command');
  if (group === 'integration') {
    for (const option of ['name', 'password'] as const) {
      if (values[option] !== undefined)
        throw new UsageError(`"integration" commands do not take --${option}`);
    }
    const integration = parseIntegrationCommand(action, rest, values.scopes);
    return {
      command: { kind: 'integration', integration },
      dataDir: values['data-dir'],
      domain: values.domain,
    };
  }
  if (group === 'bot') {
    for (const option of ['password', 'scopes'] as const) {
      if (values[option] !== undefined) throw new UsageError(`"bot" commands do not take --${option}`);
    }
    const bot = parseBotCommand(action, rest, values.name);
    return { command: { kind: 'bot', bot }, dataDir: values['data-dir'], domain: values.domain };
  }
  if (group !== 'user') throw new UsageError(`unknown command "${group}"`);
  if (values.scopes !== undefined) throw new UsageError('"user" commands do not take --scopes');
  if (action === undefined)
    throw new UsageError('missing user command (add, list, disable, enable, reset-password)');

  const command = toCommand(action, rest, values);
  return { command, dataDir: values['data-dir'], domain: values.domain };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      domain: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      scopes: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function toCommand(
  action: string,
  args: string[],
  values: { name?: string | undefined; password?: string | undefined },
): Command {
  const only = (allowed: Array<'name' | 'password'>) => {
    for (const option of ['name', 'password'] as const) {
      if (values[option] !== undefined && !allowed.includes(option)) {
        throw new UsageError(`"user ${action}" does not take --${option}`);
      }
    }
  };
  const email = () => {
    const [first, ...extra] = args;
    if (first === undefined) throw new UsageError(`"user ${action}" needs an e-mail address`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    return first;
  };
  switch (action) {
    case 'add': {
      only(['name', 'password']);
      const address = email();
      if (values.name === undefined) throw new UsageError('"user add" needs --name "<Display Name>"');
      return { kind: 'add', email: address, name: values.name, password: values.password };
    }
    case 'list':
      only([]);
      if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
      return { kind: 'list' };
    case 'disable':
    case 'enable':
      only([]);
      return { kind: action, email: email() };
    case 'reset-password':
      only(['password']);
      return { kind: 'reset-password', email: email(), password: values.password };
    default:
      throw new UsageError(`unknown command "user ${action}"`);
  }
}

async function execute(invocation: Invocation, io: AdminIo): Promise<void> {
  const dataDir = resolveDataDir(invocation.dataDir, io.baseDir);
  const { command } = invocation;
  const createsDatabase = command.kind === 'add' && invocation.domain !== undefined;
  if (!hasDatabase(dataDir) && !createsDatabase) {
    throw new CliError(
      `no Beacon database in ${dataDir}. Check --data-dir, start the server there first, ` +
        'or pass --domain <domain> to "user add" to set up a new organisation.',
    );
  }
  const store = openSqliteStore(databaseFile(dataDir));
  try {
    await executeOn(store, invocation, io);
  } finally {
    await store.close();
  }
}

async function executeOn(store: Store, { command, domain }: Invocation, io: AdminIo): Promise<void> {
  const settled =
    command.kind === 'add' || domain !== undefined ? await settleOrgDomain(store, { domain }) : null;
  const accounts = new AccountService(store, { domain: settled, hashParams: io.hashParams });

  switch (command.kind) {
    case 'integration':
      await runIntegrationCommand(store, command.integration, io.out);
      return;
    case 'bot': {
      const botDomain = settled ?? (await settleOrgDomain(store, { domain }));
      await runBotCommand(store, command.bot, { domain: botDomain, hashParams: io.hashParams }, io.out);
      return;
    }
    case 'add': {
      const { password, generated } = await choosePassword(command.password, io);
      const user = await accounts.addUser({ email: command.email, name: command.name, password });
      io.out(`Added ${user.email} (${user.name}).\n`);
      if (generated) io.out(generatedNotice(user.email, password));
      return;
    }
    case 'list':
      io.out(formatUserTable(await accounts.list()));
      return;
    case 'disable': {
      const user = await accounts.disable(command.email);
      io.out(`Disabled ${user.email}; their sessions have ended.\n`);
      return;
    }
    case 'enable': {
      const user = await accounts.enable(command.email);
      io.out(`Enabled ${user.email}.\n`);
      return;
    }
    case 'reset-password': {
      await accounts.get(command.email); // an unknown user fails before the password prompt
      const { password, generated } = await choosePassword(command.password, io);
      const user = await accounts.resetPassword(command.email, password);
      io.out(`Reset the password of ${user.email}; their sessions have ended.\n`);
      if (generated) io.out(generatedNotice(user.email, password));
      return;
    }
  }
}

async function choosePassword(
  given: string | undefined,
  io: AdminIo,
): Promise<{ password: string; generated: boolean }> {
  if (given !== undefined) return { password: given, generated: false };
  if (!io.stdinIsTTY) return { password: generatePassword(), generated: true };
  const password = await io.promptHidden('New password: ');
  const again = await io.promptHidden('Repeat the password: ');
  if (password !== again) throw new CliError('the passwords do not match; nothing was changed');
  return { password, generated: false };
}

function generatedNotice(email: string, password: string): string {
  return `Generated password for ${email} (shown only this once): ${password}\n`;
}

export function formatUserTable(users: readonly UserRecord[]): string {
  if (users.length === 0) return 'No users yet.\n';
  const rows = [
    ['EMAIL', 'NAME', 'STATUS'],
    ...users.map((user) => [user.email, user.name, user.disabled ? 'disabled' : 'enabled']),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) =>
    row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
  );
  const count = users.length === 1 ? '1 user' : `${users.length} users`;
  return `${lines.join('\n')}\n${count}\n`;
}

function describe(error: unknown): string {
  if (
    error instanceof AccountError ||
    error instanceof OrgConfigError ||
    error instanceof CliError ||
    error instanceof IntegrationError
  ) {
    return error.message;
  }
  if (error instanceof PromptCancelled) return 'cancelled; nothing was changed';
  if (error instanceof SchemaTooNewError) return error.message;
  if (error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY') {
    return 'the database is busy (another process holds a long write lock); try again';
  }
  return `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
}

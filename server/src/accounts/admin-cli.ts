import { generatePassword, type ScryptParams } from '../auth/passwords';
import { BOT_USAGE, runBotCommand } from '../bots/admin-commands';
import { openAdminPostgres, selectedPostgres } from '../cli/admin-store';
import { AuditService, type RecordAudit } from '../compliance/audit';
import { cliActor } from '../compliance/cli/command-group';
import { COMPLIANCE_USAGE, complianceGroupOf, runComplianceAdmin } from '../compliance/cli/dispatch';
import {
  databaseFile,
  hasDatabase,
  OrgConfigError,
  resolveDataDir,
  settleOrgDomain,
} from '../config/data-dir';
import { INTEGRATION_USAGE, runIntegrationCommand } from '../integrations/admin-commands';
import { IntegrationError } from '../integrations/service';
import { openSqliteStore, SchemaTooNewError } from '../store/sqlite';
import type { Role, Store, UserRecord } from '../store/types';
import { isWebhookInvocation, runWebhookAdmin, WEBHOOK_USAGE } from '../webhooks/admin-commands';
import { AccountError, AccountService } from './accounts';
import { type Invocation, parseInvocation } from './admin-cli-parse';
import { PromptCancelled } from './hidden-prompt';

export const ADMIN_USAGE = `Beacon administration

Usage: npm run admin -- [--data-dir <dir>] [--domain <domain>] <command>

Commands:
  user add <email> --name "<Display Name>" [--password <pw>] [--role <role,role…>]
        Add a user of the organisation. Without --password you are asked for one
        (twice, not echoed); when not at a terminal, one is generated and printed once.
        --role (repeatable): admin and/or compliance; everyone is a member.
  user list
        List every user: e-mail, name, enabled/disabled, roles.
  user disable <email>
        Disable a user: login is refused and open sessions end (within seconds on a
        running server).
  user enable <email>
        Enable a disabled user again.
  user reset-password <email> [--password <pw>]
        Set a new password (asked for or generated as for "user add") and end the
        user's sessions.
  user roles <email> --set <role,role…>
        Replace the user's roles: admin (the admin HTTP API), compliance (the archive
        and exports), both, or member (no role beyond everyone's).
${INTEGRATION_USAGE}${BOT_USAGE}${WEBHOOK_USAGE}${COMPLIANCE_USAGE}
Options:
  --data-dir <dir>   Where the server keeps its database (default: $BEACON_DATA_DIR, else ./.data).
  --store postgres --database-url <url> [--database-schema <name>]
                     The PostgreSQL database of several nodes instead (as the server's flags;
                     the URL also from $BEACON_DATABASE_URL).
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
  /** The clock of audit entries (tests pin it). */
  now?: () => number;
}

class CliError extends Error {}

/**
 * Runs one admin command; returns the process exit code. Never prints hashes, nor tokens but
 * the one a command creates (alone on its last line). Every change it makes is audited.
 */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  if (isWebhookInvocation(argv)) return runWebhookAdmin(argv, io);
  if (complianceGroupOf(argv) !== null) return runComplianceAdmin(argv, io);
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

async function execute(invocation: Invocation, io: AdminIo): Promise<void> {
  const store = await openAdminStore(invocation, io);
  try {
    await executeOn(store, invocation, io);
  } finally {
    await store.close();
  }
}

/** The data dir's SQLite file, or with `--store postgres` the database every node shares. */
async function openAdminStore(invocation: Invocation, io: AdminIo): Promise<Store> {
  let postgres: ReturnType<typeof selectedPostgres>;
  try {
    postgres = selectedPostgres(invocation.store);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  if (postgres) return openAdminPostgres(postgres);
  const dataDir = resolveDataDir(invocation.dataDir, io.baseDir);
  const { command } = invocation;
  const createsDatabase = command.kind === 'add' && invocation.domain !== undefined;
  if (!hasDatabase(dataDir) && !createsDatabase) {
    throw new CliError(
      `no Beacon database in ${dataDir}. Check --data-dir, start the server there first, ` +
        'or pass --domain <domain> to "user add" to set up a new organisation.',
    );
  }
  return openSqliteStore(databaseFile(dataDir));
}

async function executeOn(store: Store, { command, domain }: Invocation, io: AdminIo): Promise<void> {
  const settled =
    command.kind === 'add' || domain !== undefined ? await settleOrgDomain(store, { domain }) : null;
  const accounts = new AccountService(store, { domain: settled, hashParams: io.hashParams });
  const record: RecordAudit = new AuditService(store.audit, io.now).recorderFor(cliActor());

  switch (command.kind) {
    case 'integration':
      await runIntegrationCommand(store, command.integration, io.out, record);
      return;
    case 'bot': {
      const botDomain = settled ?? (await settleOrgDomain(store, { domain }));
      const options = { domain: botDomain, hashParams: io.hashParams };
      await runBotCommand(store, command.bot, options, io.out, record);
      return;
    }
    case 'add': {
      const { password, source } = await choosePassword(command.password, io);
      const { email, name, roles } = command;
      const user = await accounts.addUser({ email, name, password, roles });
      await record('user.add', user.email, { name: user.name, roles: user.roles, passwordFrom: source });
      io.out(`Added ${user.email} (${user.name})${rolesSuffix(user.roles)}.\n`);
      if (source === 'generated') io.out(generatedNotice(user.email, password));
      return;
    }
    case 'list':
      io.out(formatUserTable(await accounts.list()));
      return;
    case 'disable': {
      const user = await accounts.disable(command.email);
      await record('user.disable', user.email, { sessionsEnded: true });
      io.out(`Disabled ${user.email}; their sessions have ended.\n`);
      return;
    }
    case 'enable': {
      const user = await accounts.enable(command.email);
      await record('user.enable', user.email, {});
      io.out(`Enabled ${user.email}.\n`);
      return;
    }
    case 'reset-password': {
      await accounts.get(command.email); // an unknown user fails before the password prompt
      const { password, source } = await choosePassword(command.password, io);
      const user = await accounts.resetPassword(command.email, password);
      await record('user.reset-password', user.email, { passwordFrom: source, sessionsEnded: true });
      io.out(`Reset the password of ${user.email}; their sessions have ended.\n`);
      if (source === 'generated') io.out(generatedNotice(user.email, password));
      return;
    }
    case 'roles': {
      const { user, previous } = await accounts.setRoles(command.email, command.roles);
      await record('user.roles', user.email, { roles: user.roles, previous });
      io.out(`${user.email} is now ${roleNames(user.roles)} (was ${roleNames(previous)}).\n`);
      return;
    }
  }
}

/** Where the password came from, for the audit log (never the password itself). */
type PasswordSource = 'option' | 'prompt' | 'generated';

async function choosePassword(
  given: string | undefined,
  io: AdminIo,
): Promise<{ password: string; source: PasswordSource }> {
  if (given !== undefined) return { password: given, source: 'option' };
  if (!io.stdinIsTTY) return { password: generatePassword(), source: 'generated' };
  const password = await io.promptHidden('New password: ');
  const again = await io.promptHidden('Repeat the password: ');
  if (password !== again) throw new CliError('the passwords do not match; nothing was changed');
  return { password, source: 'prompt' };
}

function generatedNotice(email: string, password: string): string {
  return `Generated password for ${email} (shown only this once): ${password}\n`;
}

/** `member`, or the roles beyond it: `admin, compliance`. */
function roleNames(roles: readonly Role[]): string {
  return roles.length === 0 ? 'member' : roles.join(', ');
}

function rolesSuffix(roles: readonly Role[]): string {
  return roles.length === 0 ? '' : ` with the roles ${roles.join(', ')}`;
}

export function formatUserTable(users: readonly UserRecord[]): string {
  if (users.length === 0) return 'No users yet.\n';
  const rows = [
    ['EMAIL', 'NAME', 'STATUS', 'ROLES'],
    ...users.map((user) => [
      user.email,
      user.name,
      user.disabled ? 'disabled' : 'enabled',
      user.roles.length === 0 ? 'member' : user.roles.join(','),
    ]),
  ];
  const last = 3;
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) =>
    row.map((cell, column) => (column < last ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
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

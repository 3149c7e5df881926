import { parseArgs } from 'node:util';
import { type BotCommand, parseBotCommand } from '../bots/admin-commands';
import type { StoreFlags } from '../cli/admin-store';
import { type IntegrationCommand, parseIntegrationCommand } from '../integrations/admin-commands';
import { isRole, normalizeRoles, ROLES, type Role } from '../store/types';

/** Bad arguments: printed with a hint to `--help`, exit status 2. */
export class UsageError extends Error {}

export type Command =
  | { kind: 'add'; email: string; name: string; password: string | undefined; roles: Role[] }
  | { kind: 'list' }
  | { kind: 'disable' | 'enable'; email: string }
  | { kind: 'reset-password'; email: string; password: string | undefined }
  | { kind: 'roles'; email: string; roles: Role[] }
  | { kind: 'integration'; integration: IntegrationCommand }
  | { kind: 'bot'; bot: BotCommand };

export interface Invocation {
  command: Command;
  dataDir: string | undefined;
  domain: string | undefined;
  /** Which database: the data dir's SQLite file (the default) or PostgreSQL, as the server's flags name it. */
  store: StoreFlags;
}

export type { StoreFlags };

const USER_COMMANDS = 'add, list, disable, enable, reset-password, roles';
type UserOption = 'name' | 'password' | 'role' | 'set';
const USER_OPTIONS: readonly UserOption[] = ['name', 'password', 'role', 'set'];

/** Parses `npm run admin -- …` for the user, integration and bot commands. */
export function parseInvocation(argv: readonly string[]): Invocation | 'help' {
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
  const globals = {
    dataDir: values['data-dir'],
    domain: values.domain,
    store: {
      store: values.store,
      databaseUrl: values['database-url'],
      databaseSchema: values['database-schema'],
    },
  };
  const refuse = (options: readonly (keyof typeof values)[]) => {
    for (const option of options) {
      if (values[option] !== undefined) throw new UsageError(`"${group}" commands do not take --${option}`);
    }
  };
  if (group === undefined) throw new UsageError('missing command');
  if (group === 'integration') {
    refuse(['name', 'password', 'role', 'set']);
    const integration = parseIntegrationCommand(action, rest, values.scopes);
    return { command: { kind: 'integration', integration }, ...globals };
  }
  if (group === 'bot') {
    refuse(['password', 'scopes', 'role', 'set']);
    const bot = parseBotCommand(action, rest, values.name);
    return { command: { kind: 'bot', bot }, ...globals };
  }
  if (group !== 'user') throw new UsageError(`unknown command "${group}"`);
  refuse(['scopes']);
  if (action === undefined) throw new UsageError(`missing user command (${USER_COMMANDS})`);
  return { command: toUserCommand(action, rest, values), ...globals };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      domain: { type: 'string' },
      store: { type: 'string' },
      'database-url': { type: 'string' },
      'database-schema': { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', multiple: true },
      set: { type: 'string' },
      scopes: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function toUserCommand(
  action: string,
  args: string[],
  values: { name?: string; password?: string; role?: string[]; set?: string },
): Command {
  const only = (allowed: readonly UserOption[]) => {
    for (const option of USER_OPTIONS) {
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
      only(['name', 'password', 'role']);
      const address = email();
      if (values.name === undefined) throw new UsageError('"user add" needs --name "<Display Name>"');
      const roles = values.role === undefined ? [] : parseRoleList(values.role, '--role');
      return { kind: 'add', email: address, name: values.name, password: values.password, roles };
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
    case 'roles': {
      only(['set']);
      const address = email();
      if (values.set === undefined) {
        throw new UsageError(`"user roles" needs --set <role,role…> (${roleNames()})`);
      }
      return { kind: 'roles', email: address, roles: parseRoleList([values.set], '--set') };
    }
    default:
      throw new UsageError(`unknown command "user ${action}"`);
  }
}

/**
 * `admin,compliance`, or the option repeated; `member` (everyone's role) adds nothing, so
 * `--set member` alone clears the others.
 */
export function parseRoleList(lists: readonly string[], option: string): Role[] {
  const names = lists
    .flatMap((list) => list.split(','))
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  if (names.length === 0) throw new UsageError(`${option}: give one or more of ${roleNames()}`);
  const roles: Role[] = [];
  for (const name of names) {
    if (name === 'member') continue;
    if (!isRole(name))
      throw new UsageError(`${option}: unknown role "${name}"; the roles are ${roleNames()}`);
    roles.push(name);
  }
  return normalizeRoles(roles);
}

function roleNames(): string {
  return ['member', ...ROLES].join(', ');
}

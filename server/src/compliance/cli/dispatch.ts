import { STORE_FLAG_NAMES, type StoreFlags } from '../../cli/admin-store';
import { AUDIT_GROUP } from './audit-commands';
import { type CommandGroup, cliActor, EXIT_USAGE } from './command-group';
import { COMPLIANCE_GROUP } from './compliance-commands';
import { HOLD_GROUP } from './hold-commands';
import { RETENTION_GROUP } from './retention-commands';

/** The compliance families of `npm run admin`, each in its own module. */
export const COMMAND_GROUPS: Readonly<Record<string, CommandGroup>> = {
  compliance: COMPLIANCE_GROUP,
  retention: RETENTION_GROUP,
  hold: HOLD_GROUP,
  audit: AUDIT_GROUP,
};

export const COMPLIANCE_USAGE = Object.values(COMMAND_GROUPS)
  .map((group) => group.usage)
  .join('');

const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--data-dir', '--domain', ...STORE_FLAG_NAMES]);

/** The group named by argv's first argument that is not an option, if it is one of ours. */
export function complianceGroupOf(argv: readonly string[]): string | null {
  const first = argv.find(
    (arg, index) => !arg.startsWith('-') && !GLOBAL_OPTIONS_WITH_VALUE.has(argv[index - 1] ?? ''),
  );
  return first !== undefined && Object.hasOwn(COMMAND_GROUPS, first) ? first : null;
}

export interface ComplianceIo {
  out(text: string): void;
  err(text: string): void;
  baseDir?: string;
  now?: () => number;
}

/**
 * Runs `npm run admin -- [--data-dir D] <group> …`: the global options come before the group,
 * everything after it is the group's.
 */
export async function runComplianceAdmin(argv: readonly string[], io: ComplianceIo): Promise<number> {
  const groupName = complianceGroupOf(argv);
  const group = groupName ? COMMAND_GROUPS[groupName] : undefined;
  if (!groupName || !group) return EXIT_USAGE;
  const at = argv.indexOf(groupName);
  const globals = argv.slice(0, at);
  let dataDir: string | undefined;
  const store: StoreFlags = { store: undefined, databaseUrl: undefined, databaseSchema: undefined };
  for (let i = 0; i < globals.length; i += 1) {
    const arg = globals[i] ?? '';
    if (arg === '--data-dir') dataDir = globals[++i];
    else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    else if (arg === '--domain') i += 1;
    else if (arg === '--store') store.store = globals[++i];
    else if (arg === '--database-url') store.databaseUrl = globals[++i];
    else if (arg === '--database-schema') store.databaseSchema = globals[++i];
    else {
      io.err(`error: unknown option "${arg}" before "${groupName}"\nRun with --help for usage.\n`);
      return EXIT_USAGE;
    }
  }
  return group.run({
    args: argv.slice(at + 1),
    out: io.out,
    err: io.err,
    dataDir,
    store,
    ...(io.baseDir !== undefined ? { baseDir: io.baseDir } : {}),
    actor: cliActor(),
    now: io.now ?? Date.now,
  });
}

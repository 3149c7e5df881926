import { parseArgs } from 'node:util';
import { type DescribedHold, HoldError, type HoldTarget, LegalHoldService } from '../legal-holds';
import {
  type CommandContext,
  CommandError,
  type CommandGroup,
  CommandUsageError,
  runGuarded,
  withStore,
} from './command-group';

export const HOLD_USAGE = `  hold add (--user <email> | --conversation <id>) --case "<case>" --reason "<reason>"
        Place a legal hold: nothing of the conversation, or of every conversation the
        user is or was a member of, is purged by retention until the hold is released.
        Prints the hold's id.
  hold list [--all]
        The active legal holds (--all: released ones too): id, what it covers, case,
        reason, who placed it and when.
  hold release <hold-id>
        Release a hold: the next purge may remove what it kept.
`;

type HoldCommand =
  | { action: 'add'; target: HoldTarget; caseName: string; reason: string }
  | { action: 'list'; all: boolean }
  | { action: 'release'; id: string }
  | { action: 'help' };

type HoldOption = 'user' | 'conversation' | 'case' | 'reason' | 'all';
const OPTIONS: readonly HoldOption[] = ['user', 'conversation', 'case', 'reason', 'all'];
const ACTIONS = 'add, list, release';

export function parseHoldCommand(args: readonly string[]): HoldCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new CommandUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { action: 'help' };
  const [action, ...rest] = positionals;
  const only = (allowed: readonly HoldOption[]) => {
    for (const option of OPTIONS) {
      if (values[option] !== undefined && !allowed.includes(option)) {
        throw new CommandUsageError(`"hold ${action}" does not take --${option}`);
      }
    }
  };
  const noMore = (from: number) => {
    if (rest.length > from) throw new CommandUsageError(`unexpected argument "${rest[from]}"`);
  };
  switch (action) {
    case 'add': {
      only(['user', 'conversation', 'case', 'reason']);
      noMore(0);
      const { user, conversation } = values;
      if ((user === undefined) === (conversation === undefined)) {
        throw new CommandUsageError('"hold add" needs exactly one of --user <email> or --conversation <id>');
      }
      if (values.case === undefined) throw new CommandUsageError('"hold add" needs --case "<case>"');
      if (values.reason === undefined) throw new CommandUsageError('"hold add" needs --reason "<reason>"');
      const target: HoldTarget = user !== undefined ? { user } : { conversation: conversation ?? '' };
      return { action: 'add', target, caseName: values.case, reason: values.reason };
    }
    case 'list':
      only(['all']);
      noMore(0);
      return { action: 'list', all: values.all ?? false };
    case 'release': {
      only([]);
      const [id] = rest;
      if (id === undefined)
        throw new CommandUsageError('"hold release" needs the hold\'s id (see "hold list")');
      noMore(1);
      return { action: 'release', id };
    }
    case undefined:
      throw new CommandUsageError(`missing hold command (${ACTIONS})`);
    default:
      throw new CommandUsageError(`unknown command "hold ${action}" (${ACTIONS})`);
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      user: { type: 'string' },
      conversation: { type: 'string' },
      case: { type: 'string' },
      reason: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function describeHold(hold: DescribedHold): string {
  const lines = [
    `${hold.id}  ${hold.kind} ${hold.target}  case "${hold.caseName}"`,
    `    placed ${new Date(hold.createdAt).toISOString()} by ${hold.createdBy}; reason: ${hold.reason}`,
  ];
  if (hold.releasedAt !== null) {
    lines.push(`    released ${new Date(hold.releasedAt).toISOString()} by ${hold.releasedBy ?? 'unknown'}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(
  command: Exclude<HoldCommand, { action: 'help' }>,
  context: CommandContext,
): Promise<void> {
  await withStore(context, async (store) => {
    const holds = new LegalHoldService(store);
    try {
      switch (command.action) {
        case 'add': {
          const hold = await holds.add(command, context.now(), context.actor);
          context.out(
            `Legal hold placed on ${hold.kind} ${hold.target} for case "${hold.caseName}".\n${hold.id}\n`,
          );
          return;
        }
        case 'list': {
          const listed = await holds.list({ includeReleased: command.all });
          if (listed.length === 0)
            context.out(command.all ? 'No legal holds.\n' : 'No active legal holds.\n');
          for (const hold of listed) context.out(describeHold(hold));
          return;
        }
        case 'release': {
          const hold = await holds.release(command.id, context.now(), context.actor);
          context.out(`Legal hold ${hold.id} (case "${hold.caseName}") released.\n`);
          return;
        }
      }
    } catch (error) {
      if (error instanceof HoldError) throw new CommandError(error.message);
      throw error;
    }
  });
}

export const HOLD_GROUP: CommandGroup = {
  usage: HOLD_USAGE,
  async run(context) {
    return runGuarded(context, async () => {
      const command = parseHoldCommand(context.args);
      if (command.action === 'help') {
        context.out(`Usage: npm run admin -- [--data-dir <dir>] hold <command>\n\n${HOLD_USAGE}`);
        return;
      }
      await run(command, context);
    });
  },
};

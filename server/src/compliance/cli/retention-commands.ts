import { parseArgs } from 'node:util';
import type { RetentionPolicy } from '../../store/ports/retention';
import { DurationError, formatRetentionDuration, parseRetentionDuration } from '../durations';
import {
  CONVERSATION_KINDS,
  type ConversationKind,
  messagesOutliveArchive,
  RetentionService,
} from '../retention';
import { formatRetentionReport, policySource } from '../retention-report';
import {
  type CommandContext,
  type CommandGroup,
  CommandUsageError,
  runGuarded,
  withStore,
} from './command-group';

export const RETENTION_USAGE = `  retention set [--kind direct|group] [--messages <period>] [--archive <period>]
        Set how long messages stay visible to users (--messages) and how long the
        compliance archive keeps them (--archive), for the whole organisation or, with
        --kind, as an override for direct or group conversations. A period is <n>d,
        <n>w, <n>y (365 days), 0d (everything up to now) or forever.
  retention show
        The policies set, and the periods in force for direct and group conversations.
  retention preview
        What a purge would remove now, and what legal holds keep. Changes nothing.
  retention purge [--apply]
        Remove what the policies allow, except anything under a legal hold. Without
        --apply: only the preview. Every run is written to the audit log.
`;

type RetentionCommand =
  | {
      action: 'set';
      kind: ConversationKind | undefined;
      messagesMs?: number | null;
      archiveMs?: number | null;
    }
  | { action: 'show' }
  | { action: 'preview' }
  | { action: 'purge'; apply: boolean }
  | { action: 'help' };

const ACTIONS = 'set, show, preview, purge';

function period(option: string, text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  try {
    return parseRetentionDuration(text);
  } catch (error) {
    if (error instanceof DurationError) throw new CommandUsageError(`--${option}: ${error.message}`);
    throw error;
  }
}

function isKind(value: string): value is ConversationKind {
  return (CONVERSATION_KINDS as readonly string[]).includes(value);
}

export function parseRetentionCommand(args: readonly string[]): RetentionCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new CommandUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { action: 'help' };
  const [action, ...extra] = positionals;
  if (extra.length > 0) throw new CommandUsageError(`unexpected argument "${extra[0]}"`);
  const only = (allowed: ReadonlyArray<'kind' | 'messages' | 'archive' | 'apply'>) => {
    for (const option of ['kind', 'messages', 'archive', 'apply'] as const) {
      if (values[option] !== undefined && !allowed.includes(option)) {
        throw new CommandUsageError(`"retention ${action}" does not take --${option}`);
      }
    }
  };
  switch (action) {
    case 'set': {
      only(['kind', 'messages', 'archive']);
      const { kind } = values;
      if (kind !== undefined && !isKind(kind)) {
        throw new CommandUsageError(`--kind must be ${CONVERSATION_KINDS.join(' or ')}, got "${kind}"`);
      }
      const messagesMs = period('messages', values.messages);
      const archiveMs = period('archive', values.archive);
      if (messagesMs === undefined && archiveMs === undefined) {
        throw new CommandUsageError('"retention set" needs --messages and/or --archive');
      }
      return {
        action: 'set',
        kind,
        ...(messagesMs === undefined ? {} : { messagesMs }),
        ...(archiveMs === undefined ? {} : { archiveMs }),
      };
    }
    case 'show':
    case 'preview':
      only([]);
      return { action };
    case 'purge':
      only(['apply']);
      return { action: 'purge', apply: values.apply ?? false };
    case undefined:
      throw new CommandUsageError(`missing retention command (${ACTIONS})`);
    default:
      throw new CommandUsageError(`unknown command "retention ${action}" (${ACTIONS})`);
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      kind: { type: 'string' },
      messages: { type: 'string' },
      archive: { type: 'string' },
      apply: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function periods(policy: Pick<RetentionPolicy, 'messagesMs' | 'archiveMs'>): string {
  return `messages ${formatRetentionDuration(policy.messagesMs)}, archive ${formatRetentionDuration(policy.archiveMs)}`;
}

const SCOPE_NAMES = { all: 'organisation', direct: 'direct override', group: 'group override' } as const;

async function run(
  command: Exclude<RetentionCommand, { action: 'help' }>,
  context: CommandContext,
): Promise<void> {
  await withStore(context, async (store) => {
    const service = new RetentionService(store);
    switch (command.action) {
      case 'set': {
        const { action: _action, kind, ...change } = command;
        const result = await service.setPolicy(
          { ...change, ...(kind === undefined ? {} : { kind }) },
          context.now(),
          context.actor,
        );
        const what = kind === undefined ? 'the organisation' : `${kind} conversations`;
        context.out(`Retention for ${what} set: ${periods(result.policy)}.\n`);
        for (const warning of result.warnings) context.err(`warning: ${warning}\n`);
        return;
      }
      case 'show': {
        const policies = await store.retention.policies();
        context.out(
          'Policies set (messages: how long users see them; archive: how long the record keeps them):\n',
        );
        if (policies.length === 0) context.out('  none: everything is kept forever\n');
        for (const policy of policies) {
          context.out(
            `  ${SCOPE_NAMES[policy.scope].padEnd(16)} ${periods(policy)}  ` +
              `(set ${new Date(policy.updatedAt).toISOString()} by ${policy.updatedBy})\n`,
          );
        }
        context.out('In force:\n');
        for (const effective of await service.effectivePolicies()) {
          context.out(
            `  ${`${effective.kind} conversations`.padEnd(21)} ${periods(effective)}  (${policySource(effective)})\n`,
          );
          if (messagesOutliveArchive(effective)) {
            context.out('    warning: messages stay visible longer than the archive keeps them\n');
          }
        }
        const holds = await store.retention.holds();
        context.out(`Active legal holds: ${holds.length}${holds.length > 0 ? ' (see "hold list")' : ''}\n`);
        return;
      }
      case 'preview': {
        context.out(formatRetentionReport(await service.preview(context.now())));
        context.out('Run "retention purge --apply" to remove it.\n');
        return;
      }
      case 'purge': {
        const report = await service.purge(context.now(), { apply: command.apply, actor: context.actor });
        context.out(formatRetentionReport(report));
        if (!command.apply)
          context.out('This was a preview (written to the audit log): add --apply to remove it.\n');
        return;
      }
    }
  });
}

export const RETENTION_GROUP: CommandGroup = {
  usage: RETENTION_USAGE,
  async run(context) {
    return runGuarded(context, async () => {
      const command = parseRetentionCommand(context.args);
      if (command.action === 'help') {
        context.out(`Usage: npm run admin -- [--data-dir <dir>] retention <command>\n\n${RETENTION_USAGE}`);
        return;
      }
      await run(command, context);
    });
  },
};

import { parseArgs } from 'node:util';
import type { AuditEntry, AuditQuery } from '../../store/ports/audit';
import { AUDIT_LIST_DEFAULT_LIMIT, parseAuditQuery } from '../audit';
import {
  type CommandContext,
  type CommandGroup,
  CommandUsageError,
  EXIT_OK,
  EXIT_USAGE,
  runGuarded,
  withStore,
} from './command-group';

const AUDIT_USAGE = `  audit list [--since <date|time>] [--until <date|time>] [--limit <n>] [--json]
        The audit log of administrative actions, oldest first: seq, time (UTC), actor,
        source and address, action, target, details. Dates are whole UTC days
        (--until 2026-03-31 includes that day); times are ISO (2026-03-31T17:00:00Z),
        --until exclusive. The newest --limit entries of the range (default 100, at most
        1000). --json: one entry per line (JSON Lines) with its seq, prevHash and hash.
`;

export const AUDIT_GROUP: CommandGroup = {
  usage: AUDIT_USAGE,
  async run(context) {
    const [action, ...rest] = context.args;
    switch (action) {
      case 'list':
        return runGuarded(context, () => listAudit(context, rest));
      case undefined:
      case '--help':
      case '-h':
        context.out(`Usage: npm run admin -- [--data-dir <dir>] audit <command>\n\n${AUDIT_USAGE}`);
        return action === undefined ? EXIT_USAGE : EXIT_OK;
      default:
        context.err(`error: unknown command "audit ${action}"\nRun with --help for usage.\n`);
        return EXIT_USAGE;
    }
  },
};

async function listAudit(context: CommandContext, args: readonly string[]): Promise<void> {
  const options = parseListOptions(args);
  await withStore(context, async (store) => {
    const entries = await store.audit.list(options.query);
    const limit = options.query.limit ?? AUDIT_LIST_DEFAULT_LIMIT;
    const more =
      entries.length === limit
        ? `The newest ${limit} of the range are shown; there may be older ones (narrow it with --since/--until, or raise --limit).\n`
        : '';
    if (options.json) {
      for (const entry of entries) context.out(`${JSON.stringify(entry)}\n`);
      if (more) context.err(more);
      return;
    }
    context.out(formatAuditTable(entries));
    if (more) context.out(more);
  });
}

function parseListOptions(args: readonly string[]): { query: AuditQuery; json: boolean } {
  let values: { since?: string; until?: string; limit?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      allowPositionals: false,
      strict: true,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new CommandUsageError(error instanceof Error ? error.message : String(error));
  }
  const query = parseAuditQuery(values);
  if (!query.ok) throw new CommandUsageError(query.message);
  return { query: query.query, json: values.json === true };
}

export function formatAuditTable(entries: readonly AuditEntry[]): string {
  if (entries.length === 0) return 'No audit entries in that range.\n';
  const rows = [
    ['SEQ', 'TIME', 'ACTOR', 'SOURCE', 'ACTION', 'TARGET', 'DETAILS'],
    ...entries.map((entry) => [
      String(entry.seq),
      new Date(entry.at).toISOString(),
      entry.actor,
      entry.address === null ? entry.source : `${entry.source} ${entry.address}`,
      entry.action,
      entry.target ?? '-',
      Object.keys(entry.details).length === 0 ? '-' : JSON.stringify(entry.details),
    ]),
  ];
  const last = (rows[0]?.length ?? 1) - 1;
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row.map((cell, column) => (column < last ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
  );
  const count = entries.length === 1 ? '1 entry' : `${entries.length} entries`;
  return `${lines.join('\n')}\n${count}\n`;
}

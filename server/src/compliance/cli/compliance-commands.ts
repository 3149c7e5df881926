import { parseArgs } from 'node:util';
import { AuditService } from '../audit';
import { writeManifest } from '../manifest';
import { loadOrCreateSigningKey, loadPublicKeys } from '../signing-key';
import { type VerifyReport, verifyArchive } from '../verify';
import {
  type CommandContext,
  CommandError,
  type CommandGroup,
  CommandUsageError,
  EXIT_FAILURE,
  EXIT_OK,
  runGuarded,
  withStore,
} from './command-group';
import { parseDayRange } from './date-range';
import { EXPORT_USAGE, runExport } from './export-command';

const VERIFY_USAGE = `  compliance verify [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--json]
        Recompute every hash of the archive and the audit log, check the signed manifests and
        that every message is archived; report the first break. Exit status 1 when anything is
        broken. Days are UTC, both inclusive. Written to the audit log.
  compliance manifest
        Sign the current chain heads now (the server also does it once a day).
  compliance key
        Show the manifest signing key's id and public key (keep the id somewhere safe).
`;

export const COMPLIANCE_GROUP: CommandGroup = {
  usage: VERIFY_USAGE + EXPORT_USAGE,
  async run(context) {
    const [action, ...rest] = context.args;
    switch (action) {
      case 'verify':
        return runVerify(context, rest);
      case 'manifest':
        return runGuarded(context, () => writeManifestNow(context, rest));
      case 'key':
        return runGuarded(context, () => showKey(context, rest));
      case 'export':
        return runExport(context, rest);
      case undefined:
      case '--help':
      case '-h':
        context.out(
          `Usage: npm run admin -- [--data-dir <dir>] compliance <command>\n\n${COMPLIANCE_GROUP.usage}`,
        );
        return action === undefined ? 2 : EXIT_OK;
      default:
        context.err(`error: unknown command "compliance ${action}"\nRun with --help for usage.\n`);
        return 2;
    }
  },
};

async function runVerify(context: CommandContext, args: readonly string[]): Promise<number> {
  let verdict = EXIT_OK;
  const code = await runGuarded(context, async () => {
    const { values } = parseOptions(args, {
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    });
    const range = parseDayRange(values.from as string | undefined, values.to as string | undefined);
    await withStore(context, async (store, dataDir) => {
      const report = await verifyArchive(store, loadPublicKeys(dataDir), {
        ...(range.from !== undefined ? { from: range.from } : {}),
        ...(range.until !== undefined ? { until: range.until } : {}),
      });
      context.out(values.json ? `${JSON.stringify(report)}\n` : formatReport(report));
      await new AuditService(store.audit, context.now).record(context.actor, 'compliance.verify', null, {
        from: values.from ?? null,
        to: values.to ?? null,
        ok: report.ok,
        chains: report.chains,
        entries: report.entries,
        auditEntries: report.auditEntries,
        manifests: report.manifests,
        problems: report.problems.length + report.more,
        firstProblem: report.problems[0] ?? null,
      });
      if (!report.ok) verdict = EXIT_FAILURE;
    });
  });
  return code === EXIT_OK ? verdict : code;
}

async function writeManifestNow(context: CommandContext, args: readonly string[]): Promise<void> {
  parseOptions(args, {});
  await withStore(context, async (store, dataDir) => {
    const key = loadOrCreateSigningKey(dataDir);
    const manifest = await writeManifest(store, key, context.now());
    await new AuditService(store.audit, context.now).record(
      context.actor,
      'compliance.manifest',
      String(manifest.id),
      { keyId: key.keyId },
    );
    context.out(
      `Signed manifest #${manifest.id} at ${new Date(manifest.createdAt).toISOString()} with key ${key.keyId}.\n`,
    );
  });
}

async function showKey(context: CommandContext, args: readonly string[]): Promise<void> {
  parseOptions(args, {});
  await withStore(context, async (_store, dataDir) => {
    const key = loadOrCreateSigningKey(dataDir);
    context.out(`Key id (SHA-256 of the public key): ${key.keyId}\n${key.publicKeyPem}`);
  });
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parseOptions(args: readonly string[], options: OptionSpec) {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: false, strict: true });
    return parsed;
  } catch (error) {
    throw new CommandUsageError(error instanceof Error ? error.message : String(error));
  }
}

export function formatReport(report: VerifyReport): string {
  const counted =
    `Checked ${report.entries} archive entries in ${report.chains} conversations, ` +
    `${report.auditEntries} audit log entries and ${report.manifests} signed manifests.\n`;
  if (report.ok) return `${counted}OK: nothing is missing or altered.\n`;
  const total = report.problems.length + report.more;
  const lines = report.problems.map(
    (problem) =>
      `  ${problem.where}${problem.position === null ? '' : `, entry ${problem.position}`}: ${problem.reason}`,
  );
  const first = report.problems[0];
  if (!first) throw new CommandError('a failed verification without problems');
  return (
    `${counted}BROKEN: ${total} problem${total === 1 ? '' : 's'}. The first: ${first.where}` +
    `${first.position === null ? '' : `, entry ${first.position}`}: ${first.reason}.\n${lines.join('\n')}\n` +
    (report.more > 0 ? `  … and ${report.more} more\n` : '')
  );
}

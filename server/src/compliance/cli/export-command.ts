import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FsBlobStore } from '../../files/fs-blob-store';
import { DirectorySink, ExportDirectoryError, prepareExportDirectory } from '../export/directory-sink';
import { recordExport } from '../export/export-audit';
import { type ExportResult, exportArchive } from '../export/exporter';
import { ExportInputError, ExportTargetNotFoundError, resolveExportRequest } from '../export/request';
import { type CommandContext, CommandError, CommandUsageError, runGuarded, withStore } from './command-group';

export const EXPORT_USAGE = `  compliance export --from <day> --to <day> --format jsonl|csv|eml --out <dir>
        [--user <email>] [--conversation <id>] [--attachments reference|inline]
        Export the archive for eDiscovery into a new (or empty) directory: every entry
        written from --from to --to (UTC days, both included, or timestamps with offset),
        of the conversations --user is or was a member of, or of one --conversation.
        jsonl: archive-000001.jsonl, … (parts of up to 64 MiB), every entry as stored
        (hashes can be recomputed); csv: archive-000001.csv, … for spreadsheets, each part
        with its header row; eml: one mail per message version (sent, edited, deleted)
        under eml/, listed in SHA256SUMS. --attachments inline (eml only) puts
        files scanned clean into the mails; otherwise they are named with their SHA-256.
        manifest.json lists counts, chain heads and the SHA-256 of every file.
`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  user: { type: 'string' },
  conversation: { type: 'string' },
  attachments: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new CommandUsageError(
      `compliance export: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `npm run admin -- compliance export …` (`args`: what follows `export`). */
export async function runExport(context: CommandContext, args: readonly string[]): Promise<number> {
  return runGuarded(context, async () => {
    const options = parse(args);
    if (options.help) {
      context.out(`Usage:\n${EXPORT_USAGE}`);
      return;
    }
    if (options.out === undefined || options.out.trim() === '') {
      throw new CommandUsageError('compliance export: --out <dir> is required (a new or empty directory)');
    }
    const out = resolve(context.baseDir ?? process.env.INIT_CWD ?? process.cwd(), options.out);
    await withStore(context, async (store, dataDir) => {
      const request = await resolveExportRequest(store, options).catch((error: unknown) => {
        if (error instanceof ExportInputError) {
          throw new CommandUsageError(`compliance export: --${error.field} ${error.message}`);
        }
        if (error instanceof ExportTargetNotFoundError) throw new CommandError(error.message);
        throw error;
      });
      await prepareExportDirectory(out).catch((error: unknown) => {
        throw error instanceof ExportDirectoryError ? new CommandError(error.message) : error;
      });
      // Where the server keeps the files (files/index.ts): `--attachments inline` reads them there.
      const blobs = new FsBlobStore(join(dataDir, 'files'));
      const deps = { store, blobs, now: context.now };
      let result: ExportResult;
      try {
        result = await exportArchive(deps, request, new DirectorySink(out));
      } catch (error) {
        await recordExport(store, context.actor, context.now, request, { error });
        const reason = error instanceof Error ? error.message : String(error);
        throw new CommandError(
          `the export failed (${reason}); ${out} is incomplete: it has no manifest.json`,
        );
      }
      await recordExport(store, context.actor, context.now, request, { result });
      const { counts } = result.manifest;
      context.out(
        `Exported ${counts.entries} archive entries (${counts.messages} messages, ${counts.conversations} conversations) ` +
          `as ${request.format} to ${out}\nmanifest.json SHA-256: ${result.manifestSha256}\n`,
      );
    });
  });
}

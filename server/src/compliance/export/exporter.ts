import { readOrgConfig } from '../../config/data-dir';
import type { BlobStore } from '../../files/blob-store';
import type { ArchiveQuery } from '../../store/ports/compliance';
import type { Store } from '../../store/types';
import type { ArchiveEntry } from '../entries';
import { parseManifestHeads } from '../manifest';
import { writeCsv } from './csv-format';
import { emlWriter } from './eml-format';
import { buildExportManifest, type ExportManifest, MANIFEST_FILE } from './export-manifest';
import type { ExportedEntry, FormatWriter } from './format';
import { writeJsonl } from './jsonl-format';
import { DEFAULT_PART_BYTES } from './parts';
import type { ExportRequest } from './request';
import { ExportFile, type ExportSink } from './sink';
import { ExportTally } from './tally';
import { ConversationNames } from './titles';

export interface ExporterDeps {
  store: Store;
  /** The file store, for `--attachments inline`; null: attachments are references only. */
  blobs: Pick<BlobStore, 'open'> | null;
  now: () => number;
}

export interface ExportRunOptions {
  /** Stops the export (the download was closed). */
  signal?: AbortSignal | undefined;
  /** Where JSON Lines and CSV start a new part; DEFAULT_PART_BYTES unless a test wants small ones. */
  partBytes?: number | undefined;
}

export interface ExportResult {
  manifest: ExportManifest;
  /** The SHA-256 of manifest.json as written (it goes into the audit log). */
  manifestSha256: string;
}

/** Message-IDs of an organisation without a domain on record. */
export const FALLBACK_MAIL_DOMAIN = 'beacon.invalid';

async function* named(
  entries: AsyncIterable<ArchiveEntry>,
  names: ConversationNames,
  tally: ExportTally,
): AsyncIterable<ExportedEntry> {
  for await (const entry of entries) {
    const conversation = await names.at(entry);
    tally.add(entry, conversation.display);
    yield { entry, conversation };
  }
}

async function writerFor(request: ExportRequest, deps: ExporterDeps): Promise<FormatWriter> {
  if (request.format === 'jsonl') return writeJsonl;
  if (request.format === 'csv') return writeCsv;
  const domain = (await readOrgConfig(deps.store))?.domain ?? FALLBACK_MAIL_DOMAIN;
  return emlWriter({
    archive: deps.store.archive,
    files: deps.store.files,
    blobs: deps.blobs,
    attachments: request.attachments,
    domain,
  });
}

/**
 * The one exporter behind the CLI and the HTTP API: streams the archive entries the request
 * covers (a page at a time) through its format into `sink`, then writes manifest.json last.
 * On failure the sink is aborted and the error rethrown.
 */
export async function exportArchive(
  deps: ExporterDeps,
  request: ExportRequest,
  sink: ExportSink,
  options: ExportRunOptions = {},
): Promise<ExportResult> {
  const { signal, partBytes = DEFAULT_PART_BYTES } = options;
  try {
    const createdAt = deps.now();
    const signed = (await deps.store.archive.manifests()).at(-1) ?? null;
    const tally = new ExportTally(signed ? parseManifestHeads(signed) : null);
    const query: ArchiveQuery = { from: request.range.from, until: request.range.until };
    if (request.conversationIds) query.conversationIds = request.conversationIds;
    const entries = named(
      deps.store.archive.entries(query),
      new ConversationNames(deps.store.archive),
      tally,
    );
    const write = await writerFor(request, deps);
    const result = await write(entries, { sink, signal, partBytes });
    const manifest = buildExportManifest({
      request,
      createdAt,
      tally,
      formatCounts: result.counts,
      signed,
      files: result.files,
    });
    const file = await ExportFile.open(sink, MANIFEST_FILE, signal);
    await file.write(`${JSON.stringify(manifest, null, 2)}\n`);
    const written = await file.close();
    await sink.finish();
    return { manifest, manifestSha256: written.sha256 };
  } catch (error) {
    await sink.abort(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

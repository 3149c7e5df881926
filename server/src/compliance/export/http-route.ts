import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BlobStore } from '../../files/blob-store';
import type { AdminAuthorizer } from '../../http/admin-auth';
import { sendError } from '../../http/errors';
import type { Store } from '../../store/types';
import { isoTime } from './entry-view';
import { recordExport } from './export-audit';
import { exportArchive } from './exporter';
import {
  type ExportInput,
  ExportInputError,
  type ExportRequest,
  ExportTargetNotFoundError,
  resolveExportRequest,
} from './request';
import { TarSink } from './tar-sink';

export const COMPLIANCE_EXPORT_PATH = '/api/admin/compliance/export';

export const EXPORT_QUERY_PARAMETERS = [
  'from',
  'to',
  'format',
  'user',
  'conversation',
  'attachments',
] as const;

export interface ExportRouteOptions {
  store: Store;
  /** The server's file store (`--attachments inline`); null: references only. */
  blobs: Pick<BlobStore, 'open'> | null;
  /** `requireRole('compliance', sessions)`: answers 401/403 itself and returns null then. */
  authorize: AdminAuthorizer;
  /** Where files wait until their size is known for the tar (each export in its own folder). */
  spoolDir: string;
  now: () => number;
  /** Where JSON Lines and CSV start a new part (parts.ts); tests make it small. */
  partBytes?: number;
}

type ExportQuery = Partial<Record<(typeof EXPORT_QUERY_PARAMETERS)[number], string | string[]>>;

/** `beacon-export-2026-01-01-2026-03-31.tar`: the range's first and last UTC day. */
export function exportFileName(range: { from: number; until: number }): string {
  return `beacon-export-${isoTime(range.from).slice(0, 10)}-${isoTime(range.until - 1).slice(0, 10)}.tar`;
}

/**
 * `GET /api/admin/compliance/export`: the export as a tar of exactly the files the CLI writes,
 * streamed while it is made (manifest.json last), for users with the compliance role. The
 * export is in the audit log once it ends, completed or not.
 */
export async function complianceExportRoutes(
  app: FastifyInstance,
  options: ExportRouteOptions,
): Promise<void> {
  const { store, now } = options;

  app.get<{ Querystring: ExportQuery }>(COMPLIANCE_EXPORT_PATH, async (request, reply) => {
    const caller = await options.authorize(request, reply);
    if (!caller) return reply;
    const input: ExportInput = {};
    for (const name of EXPORT_QUERY_PARAMETERS) {
      const value = request.query[name];
      if (Array.isArray(value)) return sendError(reply, 400, 'invalid', `${name}: give it once`);
      input[name] = value;
    }
    let exportRequest: ExportRequest;
    try {
      exportRequest = await resolveExportRequest(store, input);
    } catch (error) {
      if (error instanceof ExportInputError)
        return sendError(reply, 400, 'invalid', `${error.field}: ${error.message}`);
      if (error instanceof ExportTargetNotFoundError)
        return sendError(reply, 404, 'not_found', error.message);
      throw error;
    }

    const spoolDir = join(options.spoolDir, randomUUID());
    const sink = new TarSink(spoolDir, new Date(now()));
    const controller = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) controller.abort(new Error('the client closed the download'));
    });
    const exportAndRecord = async () => {
      const deps = { store, blobs: options.blobs, now };
      const run = { signal: controller.signal, partBytes: options.partBytes };
      const outcome = await exportArchive(deps, exportRequest, sink, run).then(
        (result) => ({ result }),
        (error: unknown) => {
          request.log.warn({ err: error }, 'compliance export failed');
          return { error };
        },
      );
      try {
        await recordExport(store, caller.actor, now, exportRequest, outcome);
      } finally {
        await rm(spoolDir, { recursive: true, force: true });
      }
    };
    exportAndRecord().catch((error: unknown) =>
      request.log.error({ err: error }, 'recording a compliance export in the audit log failed'),
    );

    return reply
      .type('application/x-tar')
      .header('content-disposition', `attachment; filename="${exportFileName(exportRequest.range)}"`)
      .header('cache-control', 'no-store')
      .send(sink.output);
  });
}

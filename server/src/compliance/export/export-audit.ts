import type { AuditActor, AuditEntry } from '../../store/ports/audit';
import type { Store } from '../../store/types';
import { AuditService } from '../audit';
import { isoTime } from './entry-view';
import type { ExportResult } from './exporter';
import type { ExportRequest } from './request';

export const EXPORT_AUDIT_ACTION = 'compliance.export';

/**
 * Writes the export to the audit log. A failed export is recorded too (`completed: false`):
 * whatever reached the directory or the download before the failure has left the archive.
 */
export async function recordExport(
  store: Store,
  actor: AuditActor,
  now: () => number,
  request: ExportRequest,
  outcome: { result: ExportResult } | { error: unknown },
): Promise<AuditEntry> {
  const details: Record<string, unknown> = {
    format: request.format,
    attachments: request.attachments,
    range: { from: isoTime(request.range.from), to: isoTime(request.range.until - 1) },
    filters: { user: request.user?.email ?? null, conversation: request.conversationId },
  };
  if ('result' in outcome) {
    details.completed = true;
    details.counts = outcome.result.manifest.counts;
    details.manifestSha256 = outcome.result.manifestSha256;
  } else {
    details.completed = false;
    details.error = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  }
  return new AuditService(store.audit, now).record(actor, EXPORT_AUDIT_ACTION, null, details);
}

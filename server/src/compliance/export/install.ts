import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BlobStore } from '../../files/blob-store';
import { requireRole } from '../../http/admin-auth';
import type { BearerSessions } from '../../http/types';
import type { Store } from '../../store/types';
import { complianceExportRoutes } from './http-route';

export interface ComplianceExportDeps {
  store: Store;
  blobs: Pick<BlobStore, 'open'>;
  sessions: BearerSessions;
  dataDir: string;
  now: () => number;
}

/** The export route on a running server, for users with the compliance role. Call before it listens. */
export async function installComplianceExport(
  app: FastifyInstance,
  deps: ComplianceExportDeps,
): Promise<void> {
  await app.register(complianceExportRoutes, {
    store: deps.store,
    blobs: deps.blobs,
    authorize: requireRole('compliance', deps.sessions),
    // Beside the database, not in /tmp (which may be RAM): it holds a part, or a mail with its attachments.
    spoolDir: join(deps.dataDir, 'tmp', 'exports'),
    now: deps.now,
  });
}

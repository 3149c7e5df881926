import { PeriodicTask } from '../lib/periodic-task';
import type { Logger } from '../logger';
import type { Store } from '../store/types';
import { writeManifestIfDue } from './manifest';
import { loadOrCreateSigningKey } from './signing-key';

/** How often the server looks whether the daily manifest is due. */
export const MANIFEST_CHECK_MS = 60 * 60 * 1000;

/**
 * Signs the chain heads once a day (docs/compliance.md, "Proving it"): at start-up when the last
 * manifest is a day old or there is none, then whenever a day has passed. The key is created in
 * the data directory on first start.
 */
export function startManifestJob(options: {
  store: Store;
  dataDir: string;
  logger: Logger;
  now: () => number;
  checkMs?: number;
  /** Several nodes: whether this node is the one that signs (the cluster's leader); default always. */
  onlyWhen?: () => boolean;
}): PeriodicTask {
  const key = loadOrCreateSigningKey(options.dataDir);
  const task = new PeriodicTask(
    'signing the daily archive manifest',
    options.checkMs ?? MANIFEST_CHECK_MS,
    async () => {
      if (options.onlyWhen && !options.onlyWhen()) return;
      const manifest = await writeManifestIfDue(options.store, key, options.now());
      if (manifest)
        options.logger.info({ manifest: manifest.id, keyId: key.keyId }, 'signed the archive manifest');
    },
    options.logger,
  );
  return task;
}

import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from '../logger';

/** A full garbage collection, without `--expose-gc` on the command line. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  // Contexts created after the flag is set get a `gc` global.
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}

/**
 * `BEACON_MEMORY_REPORT_MS=<ms>`: one log line `memory` that many milliseconds after the server
 * listens (bench/idle reads it): `process.memoryUsage()` as it is then, the heap figures again
 * after a full garbage collection (what is live, not what is merely not yet collected), and the
 * size of each V8 heap space. Unset: nothing is scheduled, and nothing ever forces a collection.
 */
export function scheduleMemoryReport(logger: Logger, delayMs: string | undefined): void {
  if (delayMs === undefined || delayMs === '') return;
  const ms = Number(delayMs);
  if (!Number.isFinite(ms) || ms < 0) {
    logger.warn(
      { BEACON_MEMORY_REPORT_MS: delayMs },
      'BEACON_MEMORY_REPORT_MS is not a number of milliseconds; no memory report',
    );
    return;
  }
  setTimeout(() => {
    const memory = process.memoryUsage();
    collectGarbage();
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const heapSpaces = Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
    );
    logger.info({ memory, afterGc: { heapUsed, heapTotal, external, arrayBuffers }, heapSpaces }, 'memory');
  }, ms).unref();
}

import type { Logger } from '../logger';
import type { FileRepository, StoredFileRecord } from '../store/types';
import { retryDelayMs } from '../webhooks/backoff';
import type { BlobStore } from './blob-store';
import { type Scanner, ScannerUnavailableError } from './clamd-client';

export interface ScanWorkerOptions {
  files: Pick<FileRepository, 'listPending' | 'recordScan'>;
  blobs: BlobStore;
  scanner: Scanner;
  logger: Logger;
  now: () => number;
  /** Told of every file whose scan state changed (to tell the people who can see it). */
  onScanned: (files: StoredFileRecord[]) => Promise<void>;
  /** Backoff while the scanner is unreachable, and for a file whose scan failed. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** Pending files read per pass; a full page is followed by another pass at once. */
const BATCH = 50;

/**
 * The scan queue: the `pending` files in the store, oldest first. Every pending file is
 * scanned; while the scanner is unreachable nothing changes (files stay pending: fail
 * closed) and the worker retries with exponential backoff. The queue is the store itself, so
 * a restart resumes where the last run stopped. A file whose scan fails (clamd answered with
 * an error, e.g. its stream limit) is retried with its own backoff.
 */
export class ScanWorker {
  private running: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** A nudge came during a pass: the next sleep is skipped. */
  private nudged = false;
  private timer: NodeJS.Timeout | null = null;
  /** Consecutive passes that found the scanner unreachable; 0 while it answers. */
  private outage = 0;
  private readonly failures = new Map<string, { attempts: number; retryAt: number }>();

  constructor(private readonly options: ScanWorkerOptions) {}

  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.loop().catch((error: unknown) =>
      this.options.logger.error({ err: error }, 'the file scan worker stopped'),
    );
  }

  /** A file was added: scan soon (ignored while backing off from an unreachable scanner). */
  nudge(): void {
    if (this.outage > 0) return;
    this.nudged = true;
    this.wake?.();
  }

  /** Stops after the scan in progress (its result is still recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let delay: number | null;
      try {
        delay = await this.pass();
      } catch (error) {
        this.options.logger.error({ err: error }, 'a file scan pass failed');
        delay = this.options.retryMaxMs;
      }
      if (this.stopped) return;
      await this.sleep(delay);
    }
  }

  /** Scans what is due; returns how long to wait before the next pass (null: until nudged). */
  private async pass(): Promise<number | null> {
    const { files, logger } = this.options;
    this.nudged = false;
    const pending = await files.listPending(BATCH);
    const done = new Set<string>();
    let nextRetry: number | null = null;
    for (const file of pending) {
      if (this.stopped) return null;
      if (done.has(file.sha256)) continue;
      const failure = this.failures.get(file.sha256);
      const now = this.options.now();
      if (failure && failure.retryAt > now) {
        nextRetry = Math.min(nextRetry ?? Number.POSITIVE_INFINITY, failure.retryAt - now);
        continue;
      }
      try {
        await this.scanOne(file);
        done.add(file.sha256);
        this.failures.delete(file.sha256);
        if (this.outage > 0)
          logger.info({ scanner: this.options.scanner.description }, 'virus scanner is back');
        this.outage = 0;
      } catch (error) {
        if (error instanceof ScannerUnavailableError) {
          this.outage += 1;
          const wait = retryDelayMs(this.outage, this.backoff());
          const log = this.outage === 1 ? logger.warn.bind(logger) : logger.debug.bind(logger);
          log(
            { err: error, pending: pending.length, retryInMs: wait },
            'virus scanner unreachable: files stay pending until it answers',
          );
          return wait;
        }
        const attempts = (failure?.attempts ?? 0) + 1;
        const wait = retryDelayMs(attempts, this.backoff());
        this.failures.set(file.sha256, { attempts, retryAt: this.options.now() + wait });
        nextRetry = Math.min(nextRetry ?? Number.POSITIVE_INFINITY, wait);
        logger.error({ err: error, fileId: file.id, attempts }, 'scanning a file failed; it stays pending');
      }
    }
    if (pending.length === BATCH && done.size > 0) return 0;
    return nextRetry;
  }

  private async scanOne(file: StoredFileRecord): Promise<void> {
    const { blobs, scanner, files, now, logger } = this.options;
    const content = await blobs.open(file.sha256);
    if (!content) throw new Error(`the content of file ${file.id} is missing from the blob store`);
    const verdict = await scanner.scan(content);
    const outcome = verdict.infected
      ? ({ scan: 'infected', signature: verdict.signature } as const)
      : ({ scan: 'clean' } as const);
    // The record first: an infected file is refused from this moment, even if moving it fails.
    const changed = await files.recordScan(file.sha256, outcome, now());
    if (verdict.infected) {
      logger.warn(
        { fileIds: changed.map((f) => f.id), signature: verdict.signature },
        'infected upload quarantined',
      );
      await blobs.quarantine(file.sha256);
    }
    if (changed.length > 0) await this.options.onScanned(changed);
  }

  private backoff() {
    return { baseMs: this.options.retryBaseMs, maxMs: this.options.retryMaxMs };
  }

  private sleep(delay: number | null): Promise<void> {
    if (delay === 0 || (this.nudged && this.outage === 0)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.wake = null;
        resolve();
      };
      this.wake = done;
      if (delay !== null) {
        this.timer = setTimeout(done, delay);
        this.timer.unref();
      }
    });
  }
}

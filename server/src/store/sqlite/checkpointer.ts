import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './database';

/** How often the worker copies the WAL back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 250;
/** SQLite's default, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// Plain JavaScript, evaluated as the worker's script: it needs no TypeScript loader and no
// file of its own beside the server's bundle. `workerData.driver` is better-sqlite3's path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * WAL checkpoints in a worker thread, on a connection of its own. SQLite's automatic checkpoint
 * runs inside the commit that crosses 1,000 WAL pages, on the committing thread: the event loop
 * then stalled for the copy of several MB and two fsyncs (the tail of the ack latency). A passive
 * checkpoint never blocks a writer, so the worker copies the WAL back every 250 ms while the
 * server goes on committing; the server's connection no longer checkpoints on its own while the
 * worker runs, and does again if the worker fails.
 */
export class BackgroundCheckpointer {
  private stopped = false;

  private constructor(
    private readonly db: Database,
    private readonly worker: Worker,
  ) {
    db.pragma('wal_autocheckpoint = 0');
    worker.unref();
    worker.on('message', () => this.fallBack());
    worker.on('error', () => this.fallBack());
    worker.on('exit', () => this.fallBack());
  }

  static start(db: Database, file: string): BackgroundCheckpointer {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file, busyTimeoutMs: BUSY_TIMEOUT_MS, intervalMs: CHECKPOINT_INTERVAL_MS },
      // A loop of one pragma: the smallest heap V8 allows keeps the thread's memory small.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    return new BackgroundCheckpointer(db, worker);
  }

  /** Stops the worker and closes its connection; the store's own close checkpoints the rest. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    const timeout = setTimeout(() => void this.worker.terminate(), 5_000);
    await exited;
    clearTimeout(timeout);
  }

  /** The worker failed (or reported an error): the server's connection checkpoints again. */
  private fallBack(): void {
    if (this.stopped || !this.db.open) return;
    this.stopped = true;
    this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    void this.worker.terminate();
  }
}

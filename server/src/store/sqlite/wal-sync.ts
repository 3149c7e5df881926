import { closeSync, fstatSync, fsync, fsyncSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';

/** What the group commit needs to commit without an fsync and make the commits durable later. */
export interface DeferredFsync {
  withoutFsync<T>(commit: () => T): T;
  /** Resolves once every commit made so far is durable. At most one call may be running. */
  sync(): Promise<void>;
  close(): void;
}

/**
 * Commits whose fsync runs off the event loop. In WAL mode, `synchronous = NORMAL` makes a
 * commit write its frames to the WAL file (the OS page cache) and return without an fsync;
 * one fsync of that file afterwards, in libuv's thread pool, makes those frames and every
 * frame written before them durable. A commit so made survives a crash of the process at
 * once (the OS holds the write) and a power loss once `sync()` resolved.
 *
 * Only the group commit uses it; every other write of the connection keeps `synchronous = FULL`.
 */
export class WalSync implements DeferredFsync {
  private fd: number | null = null;
  private inode = 0;

  constructor(
    private readonly db: Database,
    private readonly walFile: string,
  ) {}

  withoutFsync<T>(commit: () => T): T {
    // Not a prepared statement: SQLite applies this pragma when it compiles it, not when it runs.
    this.db.exec('PRAGMA synchronous = NORMAL');
    try {
      return commit();
    } finally {
      this.db.exec('PRAGMA synchronous = FULL');
    }
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      let fd: number;
      try {
        fd = this.walDescriptor();
      } catch (error) {
        reject(error);
        return;
      }
      fsync(fd, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Closes the WAL file's descriptor; no `sync()` may be running. */
  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  /** The WAL file's descriptor, reopened when SQLite replaced the file since the last call. */
  private walDescriptor(): number {
    if (this.fd !== null && statSync(this.walFile).ino === this.inode) return this.fd;
    this.close();
    this.fd = openSync(this.walFile, 'r+');
    this.inode = fstatSync(this.fd).ino;
    // A WAL file SQLite created since needs its directory entry on disk too (SQLite's own first
    // fsync of a new WAL does the same).
    const directory = openSync(dirname(this.walFile), 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
    return this.fd;
  }
}

/**
 * A `WalSync` for a database file in WAL mode; null where commits keep their own fsync: in
 * memory, and on Windows (where a directory cannot be opened to sync its entry).
 */
export function walSyncFor(db: Database, file: string): WalSync | null {
  if (db.memory || process.platform === 'win32') return null;
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  return new WalSync(db, `${file}-wal`);
}

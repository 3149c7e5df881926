import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';
import type { DeferredFsync } from './wal-sync';

/** A DeferredFsync whose fsyncs the test completes (or fails) by hand. */
class ManualFsync implements DeferredFsync {
  readonly pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  commitsWithoutFsync = 0;
  closed = false;

  withoutFsync<T>(commit: () => T): T {
    this.commitsWithoutFsync += 1;
    return commit();
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  close(): void {
    this.closed = true;
  }

  /** Completes the oldest running fsync. */
  complete(): void {
    this.pending.shift()?.resolve();
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

let db: Database.Database;
let fsync: ManualFsync;
let commits: GroupCommit;
const rows = () => db.prepare('SELECT value FROM t ORDER BY rowid').pluck().all();
const insert = (value: string) => () => db.prepare('INSERT INTO t (value) VALUES (?)').run(value).changes;

beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (value TEXT NOT NULL UNIQUE)');
  fsync = new ManualFsync();
  commits = new GroupCommit(db, fsync);
});

afterEach(() => db.close());

describe('group commit with a deferred fsync', () => {
  it('resolves a write only once the fsync after its commit completed', async () => {
    let resolved = false;
    const write = commits.run(insert('a')).then(() => {
      resolved = true;
    });
    await turn();
    expect(rows()).toEqual(['a']);
    expect(fsync.pending).toHaveLength(1);
    await turn();
    expect(resolved).toBe(false);
    fsync.complete();
    await write;
    expect(resolved).toBe(true);
  });

  it('commits the writes that arrive during an fsync together, after it, in order', async () => {
    const order: string[] = [];
    const first = commits.run(insert('a')).then(() => order.push('a'));
    await turn();
    const later = ['b', 'c', 'd'].map((value) => commits.run(insert(value)).then(() => order.push(value)));
    await turn();
    // Nothing new is committed while the fsync of the first batch runs.
    expect(rows()).toEqual(['a']);
    fsync.complete();
    await first;
    await turn();
    expect(rows()).toEqual(['a', 'b', 'c', 'd']);
    expect(fsync.commitsWithoutFsync).toBe(2);
    fsync.complete();
    await Promise.all(later);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rolls back only the write that threw, also after it wrote', async () => {
    const failing = () => {
      insert('half')();
      throw new Error('refused');
    };
    const outcomes = Promise.allSettled([
      commits.run(insert('a')),
      commits.run(failing),
      commits.run(insert('b')),
    ]);
    await turn();
    fsync.complete();
    const [a, bad, b] = await outcomes;
    expect(a?.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('refused') });
    expect(b?.status).toBe('fulfilled');
    expect(rows()).toEqual(['a', 'b']);
  });

  it('rejects the batch of a failed fsync and commits with its own fsync from then on', async () => {
    const lost = commits.run(insert('a'));
    await turn();
    fsync.pending.shift()?.reject(new Error('EIO'));
    await expect(lost).rejects.toThrow('EIO');
    await expect(commits.run(insert('b'))).resolves.toBe(1);
    expect(fsync.commitsWithoutFsync).toBe(1);
  });

  it('tells readers when what they may have seen is durable', async () => {
    await commits.durable();
    const write = commits.run(insert('a'));
    await turn();
    let durable = false;
    const waiting = commits.durable().then(() => {
      durable = true;
    });
    await turn();
    expect(rows()).toEqual(['a']);
    expect(durable).toBe(false);
    fsync.complete();
    await Promise.all([write, waiting]);
    expect(durable).toBe(true);
  });

  it('on close, waits for the running fsync, then commits what is queued and refuses more', async () => {
    const first = commits.run(insert('a'));
    await turn();
    const queued = commits.run(insert('b'));
    const closing = commits.close();
    fsync.complete();
    await closing;
    await expect(first).resolves.toBe(1);
    await expect(queued).resolves.toBe(1);
    expect(rows()).toEqual(['a', 'b']);
    expect(fsync.closed).toBe(true);
    await expect(commits.run(insert('c'))).rejects.toThrow('closed');
  });
});

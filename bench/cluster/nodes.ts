import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { openPostgresStore } from '../../server/src/store/postgres';
import type { RunningProcess } from '../lib/child';
import { prepareBeaconStore, startBeacon } from '../targets/beacon';
import type { BenchFixture } from '../targets/fixture';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh PostgreSQL schema and Redis key prefix for one benchmark run, removed by `drop`. */
export class ClusterWorld {
  readonly schema = `beacon_bench_${randomBytes(5).toString('hex')}`;
  readonly redisPrefix = `beacon-bench-${randomBytes(5).toString('hex')}:`;
  private readonly dirs: string[] = [];

  /** Users with live sessions and the 1:1 conversations, written through the PostgreSQL store. */
  async prepare(counts: { users: number; pairs: number }): Promise<BenchFixture> {
    const store = await openPostgresStore({ url: BENCH_DATABASE_URL, schema: this.schema });
    try {
      return await prepareBeaconStore(store, counts);
    } finally {
      await store.close();
    }
  }

  /** `count` nodes on the schema (with Redis when more than one), each with its own data dir. */
  async startNodes(count: number, label: string): Promise<RunningProcess[]> {
    const nodes: RunningProcess[] = [];
    for (let i = 0; i < count; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), `beacon-bench-${label}-${i}-`));
      this.dirs.push(dataDir);
      const cluster =
        count > 1
          ? ['--redis-url', BENCH_REDIS_URL, '--redis-prefix', this.redisPrefix, '--node-id', `${label}${i}`]
          : [];
      nodes.push(
        await startBeacon(dataDir, {
          extraArgs: [
            ...[
              '--store',
              'postgres',
              '--database-url',
              BENCH_DATABASE_URL,
              '--database-schema',
              this.schema,
            ],
            ...cluster,
          ],
        }),
      );
    }
    return nodes;
  }

  async drop(): Promise<void> {
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    } finally {
      await client.end();
    }
    const redis = new Redis(BENCH_REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}

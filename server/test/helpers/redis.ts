import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Where the tests find Redis. */
export const TEST_REDIS_URL = process.env.BEACON_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const START_HINT =
  "start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''` (Debian's " +
  '"redis-server" package) or point BEACON_TEST_REDIS_URL at one';

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * Null when Redis answers at TEST_REDIS_URL, else why not. Loud: warns that the cluster cases
 * skip, or throws under CI (or BEACON_TEST_REQUIRE_REDIS=1), so CI never skips them.
 */
export async function redisOrSkipReason(): Promise<string | null> {
  const client = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  let unavailable: string | null = null;
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    unavailable = `Redis is unreachable at ${TEST_REDIS_URL} (${error instanceof Error ? error.message : String(error)}): ${START_HINT}`;
  } finally {
    client.disconnect();
  }
  if (unavailable === null) return null;
  if (process.env.BEACON_TEST_REQUIRE_REDIS === '1' || isCi()) {
    throw new Error(`Redis is required here (CI) but ${unavailable}`);
  }
  console.warn(`\n*** SKIPPING the cluster tests: ${unavailable}\n`);
  return unavailable;
}

/** A key prefix of its own per test run, and a way to delete every key under it. */
export function scratchRedisPrefix(): { prefix: string; dropAll(): Promise<void> } {
  const prefix = `beacon-test-${randomBytes(6).toString('hex')}:`;
  return {
    prefix,
    async dropAll() {
      const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
      client.on('error', () => {});
      try {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await client.del(...keys);
        } while (cursor !== '0');
      } finally {
        client.disconnect();
      }
    },
  };
}

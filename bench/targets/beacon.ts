import { hashPassword } from '../../server/src/auth/passwords';
import { SessionService } from '../../server/src/auth/sessions';
import { databaseFile, settleOrgDomain } from '../../server/src/config/data-dir';
import { openSqliteStore } from '../../server/src/store/sqlite';
import type { Store } from '../../server/src/store/types';
import { type RunningProcess, startProcess } from '../lib/child';
import { BENCH_DOMAIN, BENCH_PASSWORD, type BenchFixture, type BenchUser } from './fixture';

/**
 * Writes the benchmark's organisation into a fresh data dir through the store, before
 * the server runs: users (one scrypt hash shared by all, computed once), a live
 * session per user, and the direct conversations of the 1:1 scenario.
 */
export async function prepareBeaconData(
  dataDir: string,
  counts: { users: number; pairs: number },
): Promise<BenchFixture> {
  const store = openSqliteStore(databaseFile(dataDir));
  try {
    return await prepareBeaconStore(store, counts);
  } finally {
    await store.close();
  }
}

/** The same preparation through any store (bench/stores/: the PostgreSQL one); the caller closes it. */
export async function prepareBeaconStore(
  store: Store,
  counts: { users: number; pairs: number },
): Promise<BenchFixture> {
  await settleOrgDomain(store, { domain: BENCH_DOMAIN });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const sessions = new SessionService(store);
  const users: BenchUser[] = [];
  for (let i = 0; i < counts.users; i++) {
    const email = `user${i}@${BENCH_DOMAIN}`;
    const { id } = await store.users.create({ email, name: `Bench User ${i}`, passwordHash });
    const { token } = await sessions.issue(id);
    users.push({ id, email, token });
  }
  const pairs: BenchFixture['pairs'] = [];
  for (let p = 0; p < counts.pairs; p++) {
    const [a, b] = [2 * p, 2 * p + 1];
    const [userA, userB] = [users[a], users[b]];
    if (!userA || !userB) throw new Error(`${counts.pairs} pairs need ${2 * counts.pairs} users`);
    const { conversation } = await store.conversations.create({
      kind: 'direct',
      title: null,
      memberIds: [userA.id, userB.id],
      createdAt: Date.now(),
    });
    pairs.push({ conversationId: conversation.id, a, b });
  }
  return { users, pairs };
}

/**
 * The real server CLI, as operators run it (`npm run server`: the compiled build in server/dist,
 * made first when missing or stale, under plain node), on the prepared data dir. Under tsx the
 * server measured its loader too: esbuild's `keepNames` gives every function a `name` property,
 * 27 dictionaries of 256 bytes per connected client.
 */
export function startBeacon(
  dataDir: string,
  options: { cpuProfileDir?: string; extraArgs?: string[] } = {},
): Promise<RunningProcess> {
  const profile = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  return startProcess(
    [
      ...profile,
      '--enable-source-maps',
      'server/scripts/run.mjs',
      'server',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
      ...(options.extraArgs ?? []),
    ],
    /Beacon server listening on (http:\/\/\S+)/,
  );
}

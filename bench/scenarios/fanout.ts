import { shares } from '../generator/pool';
import { sleep } from '../lib/clock';
import { summarize } from '../lib/stats';
import type { Scenario } from './types';

const ROUND_TIMEOUT_MS = 15_000;

/** One user's status change, fanned out to every watcher: how long until the last one has it. */
export const fanoutScenario: Scenario = {
  name: 'fanout',
  title: 'status change fanned out to watchers',
  async run({ kind, pool, target, fixture, sizes, log }) {
    const { watchers, rounds, warmupRounds } = sizes.fanout;
    const [star, ...others] = fixture.users;
    if (!star) throw new Error('no users');
    const watcherUsers = others.slice(0, watchers);
    try {
      const perGenerator = shares(watcherUsers, pool.size);
      await pool.all('connect', (g) => ({
        kind,
        url: target.url,
        ratePerSecond: 250,
        clients: [
          ...(g === 0 ? [{ userId: star.id, token: star.token }] : []),
          ...(perGenerator[g] ?? []).map((user) => ({
            userId: user.id,
            token: user.token,
            subscribeTo: [star.id],
          })),
        ],
      }));
      const watching = await pool.all('watch', () => ({ userId: star.id }));
      const expected = watching.reduce((total, w) => total + w.watchers, 0);
      log(`${expected} watchers subscribed; ${rounds} status changes`);

      const latencies: number[] = [];
      let incomplete = 0;
      for (let round = 1; round <= warmupRounds + rounds; round++) {
        const { sentAt } = await pool.call(0, 'change', { userId: star.id, round });
        const arrivals = await pool.all('awaitRound', () => ({ round, timeoutMs: ROUND_TIMEOUT_MS }));
        const received = arrivals.reduce((total, a) => total + a.received, 0);
        if (round <= warmupRounds) continue;
        if (received < expected) {
          incomplete++;
          continue;
        }
        latencies.push(Math.max(...arrivals.map((a) => a.lastAt)) - sentAt);
        await sleep(20);
      }
      if (incomplete > 0)
        log(`${incomplete} rounds did not reach every watcher within ${ROUND_TIMEOUT_MS} ms`);
      const last = summarize(latencies);
      return {
        figures: [
          { key: 'fanout.last.p50', label: `last of ${expected} watchers p50`, unit: 'ms', value: last.p50 },
          { key: 'fanout.last.p99', label: `last of ${expected} watchers p99`, unit: 'ms', value: last.p99 },
        ],
        details: { watchers: expected, rounds: latencies.length, incomplete, last },
      };
    } finally {
      await pool.all('closeAll', () => ({}));
    }
  },
};

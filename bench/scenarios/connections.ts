import { shares } from '../generator/pool';
import { sleep } from '../lib/clock';
import { rssBytes } from '../lib/proc-stats';
import { contactsOf } from '../targets/fixture';
import type { Scenario } from './types';

const MiB = 1024 * 1024;

/** Many connected clients, each watching its contacts' presence: what the server holds in memory. */
export const connectionsScenario: Scenario = {
  name: 'connections',
  title: 'connected clients with presence subscriptions',
  async run({ kind, pool, target, fixture, sizes, log }) {
    const { clients, contacts, ratePerSecond, settleMs } = sizes.connections;
    const users = fixture.users.slice(0, clients);
    const generators = pool.size;
    try {
      await sleep(1_000);
      const idleRss = rssBytes(target.pid);
      const specs = users.map((user, index) => ({
        userId: user.id,
        token: user.token,
        subscribeTo: contactsOf(index, contacts, users.length).map((i) => fixture.users[i]?.id ?? ''),
      }));
      const perGenerator = shares(specs, generators);
      const results = await pool.all('connect', (g) => ({
        kind,
        url: target.url,
        ratePerSecond: ratePerSecond / generators,
        clients: perGenerator[g] ?? [],
      }));
      const connected = results.reduce((total, r) => total + r.connected, 0);
      const failed = results.reduce((total, r) => total + r.failed, 0);
      const retries = results.reduce((total, r) => total + r.retries, 0);
      const rampSeconds = Math.max(...results.map((r) => r.seconds));
      if (retries > 0)
        log(`${retries} connection attempts were retried (refused or reset while the server was busy)`);
      if (failed > 0)
        log(`${failed} clients failed to connect: ${results.find((r) => r.firstError)?.firstError}`);
      log(`${connected} clients connected and subscribed to ${contacts} contacts each`);
      await sleep(settleMs);
      const loadedRss = rssBytes(target.pid);
      return {
        figures: [
          {
            key: 'connections.rss',
            label: `server RSS with ${connected} clients`,
            unit: 'MiB',
            value: loadedRss / MiB,
          },
          {
            key: 'connections.rss.per-client',
            label: 'RSS per client (above idle)',
            unit: 'KiB',
            value: (loadedRss - idleRss) / 1024 / Math.max(1, connected),
          },
        ],
        details: {
          connected,
          failed,
          retries,
          rampSeconds,
          idleRssMiB: idleRss / MiB,
          loadedRssMiB: loadedRss / MiB,
          generators,
        },
      };
    } finally {
      await pool.all('closeAll', () => ({}));
    }
  },
};

import type { StormUser } from '../generator/ipc';
import { shares } from '../generator/pool';
import { sleep } from '../lib/clock';
import { summarize } from '../lib/stats';
import { BENCH_PASSWORD, contactsOf } from '../targets/fixture';
import type { Scenario } from './types';

/**
 * Everyone arrives at once. First with stored session tokens, as the desktop app does
 * after a server restart; then with e-mail and password (scrypt check included), as on
 * new devices. Each then subscribes to its contacts' presence; measured until the
 * presence snapshot is in.
 */
export const loginStormScenario: Scenario = {
  name: 'login',
  title: 'login storm: login + subscribe until the presence snapshot',
  async run({ kind, pool, target, fixture, sizes, log }) {
    const { users: count, ratePerSecond, contacts } = sizes.storm;
    const users: StormUser[] = fixture.users.slice(0, count).map((user, index) => ({
      email: user.email,
      password: BENCH_PASSWORD,
      userId: user.id,
      token: user.token,
      subscribeTo: contactsOf(index, contacts, count).map((i) => fixture.users[i]?.id ?? ''),
    }));
    try {
      const perGenerator = shares(users, pool.size);
      const storm = async (mode: 'login' | 'token') => {
        const results = await pool.all('storm', (g) => ({
          kind,
          url: target.url,
          users: perGenerator[g] ?? [],
          ratePerSecond: ratePerSecond / pool.size,
          mode,
        }));
        const failed = results.reduce((total, r) => total + r.failed, 0);
        if (failed > 0) log(`${mode}: ${failed} failed: ${results.find((r) => r.firstError)?.firstError}`);
        await pool.all('closeAll', () => ({}));
        return {
          total: summarize(results.flatMap((r) => r.totalMs)),
          login: summarize(results.flatMap((r) => r.loginMs)),
          failed,
        };
      };
      // Reconnects first, on the freshly started server: exactly the situation after a restart.
      log(`${count} token reconnects at ${ratePerSecond}/s`);
      const reconnect = await storm('token');
      await sleep(1_000);
      log(`${count} logins at ${ratePerSecond}/s`);
      const login = await storm('login');
      return {
        figures: [
          {
            key: 'login.snapshot.p50',
            label: 'login → presence snapshot p50',
            unit: 'ms',
            value: login.total.p50,
          },
          {
            key: 'login.snapshot.p99',
            label: 'login → presence snapshot p99',
            unit: 'ms',
            value: login.total.p99,
          },
          { key: 'login.http.p99', label: 'of which HTTP login p99', unit: 'ms', value: login.login.p99 },
          {
            key: 'reconnect.snapshot.p50',
            label: 'token reconnect → snapshot p50',
            unit: 'ms',
            value: reconnect.total.p50,
          },
          {
            key: 'reconnect.snapshot.p99',
            label: 'token reconnect → snapshot p99',
            unit: 'ms',
            value: reconnect.total.p99,
          },
        ],
        details: { login, reconnect },
      };
    } finally {
      await pool.all('closeAll', () => ({}));
    }
  },
};

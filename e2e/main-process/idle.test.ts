import { describe, expect, it } from 'vitest';
import { launchMain, nextStatusRequest, presence, signedIn, statusRequests } from './harness';

// Idle time is polled every 10 s as in the app: each scenario runs in its own process, concurrently.
describe.concurrent('automatic away from the OS idle time and power events', () => {
  it('goes away after 400 s without input and comes back on input', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.call('setIdleSeconds', 400);
    const away = await nextStatusRequest(main, 1);
    expect(away).toEqual({ status: 'away', auto: true, idleSince: expect.any(Number) });
    expect(Date.now() - Number(away.idleSince)).toBeGreaterThan(390_000);
    await main.call('setIdleSeconds', 2);
    expect(await nextStatusRequest(main, 2)).toEqual({ status: 'available', auto: true, idleSince: null });
  });

  it('goes away at once when the screen locks and back when it unlocks', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.call('powerEvent', 'lock-screen');
    expect(await nextStatusRequest(main, 1)).toEqual({
      status: 'away',
      auto: true,
      idleSince: expect.any(Number),
    });
    await main.call('powerEvent', 'unlock-screen');
    expect(await nextStatusRequest(main, 2)).toEqual({ status: 'available', auto: true, idleSince: null });
    await main.call('powerEvent', 'suspend');
    expect(await nextStatusRequest(main, 3)).toMatchObject({ status: 'away', auto: true });
    await main.call('powerEvent', 'resume');
    expect(await nextStatusRequest(main, 4)).toEqual({ status: 'available', auto: true, idleSince: null });
  });

  it('never turns a manual away into available', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'away');
    await main.call('powerEvent', 'lock-screen');
    expect(await nextStatusRequest(main, 1)).toEqual({ status: 'away', idleSince: expect.any(Number) });
    await main.call('powerEvent', 'unlock-screen');
    expect(await nextStatusRequest(main, 2)).toEqual({ status: 'away', idleSince: null });
    expect((await statusRequests(main)).some((request) => request.status === 'available')).toBe(false);
  });

  it('still restores available on return after the page reloaded during an automatic away', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.call('setIdleSeconds', 400);
    expect(await nextStatusRequest(main, 1)).toMatchObject({ status: 'away', auto: true });
    await main.call('reload');
    const reloaded = await main.pageReady();
    expect(reloaded.window?.loads).toHaveLength(2);
    expect(reloaded.tray?.tooltip).toMatch(/^Beacon — Not signed in/);
    // The new page signs in again and reports what the server holds: the automatic away.
    await main.bridge('reportPresence', presence('away', { idleSince: Date.now() - 400_000 }));
    await main.waitFor('away in the tray', (state) => state.tray?.image === 'away.png');
    await main.call('setIdleSeconds', 1);
    expect(await nextStatusRequest(main, 1)).toEqual({ status: 'available', auto: true, idleSince: null });
  });
});

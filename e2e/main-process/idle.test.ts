import { describe, expect, it } from 'vitest';
import { deviceActivities, launchMain, nextDeviceActivity, signedIn, statusRequests } from './harness';

const report = (state: string) => ({
  state,
  since: expect.any(Number),
  label: expect.stringMatching(/^(Windows|Mac|Linux|Desktop)$/),
  osFocus: null,
});

// Idle time is polled every 10 s as in the app: each scenario runs in its own process, concurrently.
describe.concurrent('device activity from the OS idle time and power events (facts, never a status)', () => {
  it('reports idle after 400 s without input and active on input', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.call('setIdleSeconds', 400);
    const idle = await nextDeviceActivity(main, 1);
    expect(idle).toEqual(report('idle'));
    expect(Date.now() - Number(idle.since)).toBeGreaterThan(390_000);
    await main.call('setIdleSeconds', 2);
    const active = await nextDeviceActivity(main, 2);
    expect(active).toEqual(report('active'));
    expect(Date.now() - Number(active.since)).toBeLessThan(60_000);
    expect(await statusRequests(main)).toEqual([]);
  });

  it('reports locked at once and active on unlock; suspended and active on resume', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.call('powerEvent', 'lock-screen');
    expect(await nextDeviceActivity(main, 1)).toEqual(report('locked'));
    await main.call('powerEvent', 'unlock-screen');
    expect(await nextDeviceActivity(main, 2)).toEqual(report('active'));
    await main.call('powerEvent', 'suspend');
    expect(await nextDeviceActivity(main, 3)).toEqual(report('suspended'));
    await main.call('powerEvent', 'resume');
    expect(await nextDeviceActivity(main, 4)).toEqual(report('active'));
    expect(await statusRequests(main)).toEqual([]);
  });

  it('never asks for a status, whatever the user’s status (a manual away is the server’s business)', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'away');
    await main.call('powerEvent', 'lock-screen');
    await main.call('powerEvent', 'unlock-screen');
    await nextDeviceActivity(main, 2);
    expect((await deviceActivities(main)).map((activity) => activity.state)).toEqual(['locked', 'active']);
    expect(await statusRequests(main)).toEqual([]);
  });

  it('a page reloaded during idle reads the current state at once', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.call('setIdleSeconds', 400);
    const idle = await nextDeviceActivity(main, 1);
    await main.call('reload');
    const reloaded = await main.pageReady();
    expect(reloaded.window?.loads).toHaveLength(2);
    expect(reloaded.tray?.tooltip).toMatch(/^Beacon — Not signed in/);
    expect(await main.bridge('getDeviceActivity')).toEqual({ ...report('idle'), since: idle.since });
    await main.call('powerEvent', 'lock-screen');
    await nextDeviceActivity(main, 1);
    await main.call('reload');
    await main.pageReady();
    expect(await main.bridge('getDeviceActivity')).toEqual({ ...report('locked'), since: idle.since });
  });
});

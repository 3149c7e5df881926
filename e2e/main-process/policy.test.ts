import { describe, expect, it } from 'vitest';
import { deviceActivities, launchMain, nextDeviceActivity, signedIn, statusRequests } from './harness';

interface View {
  values: Record<string, unknown>;
  locked: string[];
  lockedBy?: Record<string, string>;
}

describe('administrator policy', () => {
  it('applies and locks mandatory values; recommended ones are only defaults', async (context) => {
    const main = launchMain(context, {
      policy: {
        mandatory: { serverUrl: 'https://chat.acme.test', idleMinutes: 10 },
        recommended: { notificationSound: false },
      },
    });
    await main.pageReady();
    const view = await main.bridge<View>('getSettings');
    expect(view.values).toMatchObject({
      serverUrl: 'https://chat.acme.test',
      idleMinutes: 10,
      notificationSound: false,
    });
    expect(view.locked.sort()).toEqual(['idleMinutes', 'serverUrl']);
    expect(view.lockedBy?.idleMinutes).toBe('policy file');
    expect(await main.bridge('getConnectionDefaults')).toEqual({
      serverUrl: 'https://chat.acme.test',
      serverUrlLocked: true,
    });
    await expect(main.bridge('updateSettings', { idleMinutes: 3 })).rejects.toThrow(
      /idleMinutes is set by your administrator/,
    );
    const changed = await main.bridge<View>('updateSettings', { notificationSound: true });
    expect(changed.values.notificationSound).toBe(true);
    expect((await main.state()).page?.hostEvents.some((event) => event.method === 'onSettingsChanged')).toBe(
      true,
    );
  });

  it('the locked idle time is the one idle detection uses', async (context) => {
    const main = launchMain(context, { policy: { mandatory: { idleMinutes: 10 } } });
    await signedIn(main, 'available');
    await main.call('setIdleSeconds', 400);
    // Two polls (10 s apart) go by without a report: 400 s is under the locked 10 minutes.
    await new Promise((resolve) => setTimeout(resolve, 21_000));
    expect(await deviceActivities(main)).toEqual([]);
    await main.call('setIdleSeconds', 700);
    expect(await nextDeviceActivity(main, 1)).toMatchObject({ state: 'idle' });
    expect(await statusRequests(main)).toEqual([]);
  });

  it('reports a bad policy value and applies the rest', async (context) => {
    const main = launchMain(context, { policy: { mandatory: { idleMinutes: 'ten', flashTaskbar: false } } });
    await main.pageReady();
    const view = await main.bridge<View>('getSettings');
    expect(view.locked).toEqual(['flashTaskbar']);
    expect(view.values.idleMinutes).toBe(5);
    expect(main.log).toMatch(/mandatory\.idleMinutes/);
  });
});

import { describe, expect, it } from 'vitest';
import { launchMain, presence, signedIn, statusRequests } from './harness';

describe('tray', () => {
  it('follows the presence the renderer reports, with the unread count', async (context) => {
    const main = launchMain(context);
    const before = await main.pageReady();
    expect(before.tray).toMatchObject({ image: 'offline.png', imageEmpty: false });
    expect(before.tray?.tooltip).toMatch(/^Beacon — Not signed in/);
    await signedIn(main, 'busy');
    let state = await main.state();
    expect(state.tray).toMatchObject({ image: 'busy.png', imageEmpty: false });
    expect(state.tray?.tooltip).toMatch(/^Beacon — Busy/);
    expect(state.tray?.menu.find((item) => item.checked)?.label).toBe('Busy');
    await main.bridge('reportUnread', { total: 3, conversations: 2, mentions: 0 });
    state = await main.waitFor('the unread tray icon', (s) => s.tray?.image === 'busy-unread.png' && s);
    expect(state.tray?.tooltip).toContain('3 unread');
    expect(state.tray?.imageEmpty).toBe(false);
    expect(state.badgeCount).toBe(3);
    await main.bridge('reportPresence', presence('dnd'));
    state = await main.waitFor('dnd in the tray', (s) => s.tray?.image === 'dnd-unread.png' && s);
    expect(state.tray?.menu.find((item) => item.checked)?.label).toBe('Do not disturb');
  });

  it('asks the renderer for the status chosen in its menu', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.call('clickTrayItem', 'Do not disturb');
    await main.waitFor('the status request', async () => (await statusRequests(main)).length > 0);
    expect(await statusRequests(main)).toEqual([{ status: 'dnd' }]);
    await main.call('clickTrayItem', 'Appear offline');
    await main.waitFor('the second request', async () => (await statusRequests(main)).length > 1);
    expect((await statusRequests(main))[1]).toEqual({ status: 'offline' });
  });

  it('shows the server’s reason when the reported presence has source, activity and until', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.bridge('reportPresence', presence('away', { source: 'locked', activity: null, until: null }));
    await main.waitFor('the lock reason', (s) => s.tray?.tooltip === 'Beacon — Away — screen locked');
    const until = Date.now() + 60 * 60_000;
    await main.bridge(
      'reportPresence',
      presence('busy', {
        source: 'integration',
        activity: 'On a call',
        until,
        chosen: { status: 'available', message: null, until: null },
      }),
    );
    const state = await main.waitFor('the call reason', (s) => s.tray?.tooltip.includes('On a call') && s);
    expect(state.tray?.tooltip).toMatch(/^Beacon — Busy — On a call until (\d{1,2} \w+, )?\d{2}:\d{2}$/);
    expect(state.tray?.image).toBe('busy.png');
    // The menu checks what the user chose; the icon shows what others see.
    expect(state.tray?.menu.find((item) => item.checked)?.label).toBe('Available');
    // A v1 presence (no source): the v1 wording.
    await main.bridge('reportPresence', presence('dnd'));
    await main.waitFor('the v1 wording', (s) => s.tray?.tooltip === 'Beacon — Do not disturb');
  });

  it('offers no status before sign-in', async (context) => {
    const main = launchMain(context);
    const state = await main.pageReady();
    const statuses = state.tray?.menu.filter((item) => item.type === 'radio') ?? [];
    expect(statuses.length).toBe(5);
    expect(statuses.every((item) => !item.enabled)).toBe(true);
    await expect(main.call('clickTrayItem', 'Busy')).rejects.toThrow(/disabled/);
  });
});

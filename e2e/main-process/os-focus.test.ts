import { describe, expect, it } from 'vitest';
import { deviceActivities, launchMain, nextDeviceActivity, signedIn, statusRequests } from './harness';

const message = {
  conversationId: 'c-bob',
  conversationTitle: 'Bob Baker',
  senderName: 'Bob Baker',
  body: 'The merger figures are in the shared folder',
  sentAt: Date.now(),
  mentionsMe: false,
};

// The app believes it runs on Windows; the fake OS answers for Focus Assist and
// SHQueryUserNotificationState through stand-ins of the two native modules.
describe.concurrent('the OS own focus modes (Windows)', () => {
  it('Focus Assist mutes notifications, and the tray says why', async (context) => {
    const main = launchMain(context, { platform: 'win32' });
    await signedIn(main, 'available');
    await main.call('windowAction', 'hide');
    await main.call('setOs', { focusAssist: 2 });
    await main.waitFor('the tray to say why', (state) => state.tray?.tooltip.includes('muted by'));
    await main.bridge('reportIncomingMessage', message);
    await main.call('setOs', { focusAssist: 0 });
    await main.waitFor('focus off in the tray', (state) => !state.tray?.tooltip.includes('muted by'));
    await main.bridge('reportIncomingMessage', { ...message, body: 'after focus' });
    const state = await main.waitFor('a notification', (s) => s.notifications.length > 0 && s);
    expect(state.notifications.map((notification) => notification.body)).toEqual(['after focus']);
    expect(state.window?.flashing).toBe(true);
  });

  it('while presenting, a notification hides its text', async (context) => {
    const main = launchMain(context, { platform: 'win32' });
    await signedIn(main, 'available');
    await main.call('windowAction', 'hide');
    await main.call('setOs', { notificationState: 'QUNS_PRESENTATION_MODE' });
    await main.waitFor('the tray to say why', (state) =>
      state.tray?.tooltip.includes('hidden while presenting'),
    );
    await main.bridge('reportIncomingMessage', message);
    const state = await main.waitFor('a notification', (s) => s.notifications.length > 0 && s);
    expect(state.notifications).toEqual([
      expect.objectContaining({ title: 'Beacon', body: 'New message from Bob Baker', silent: true }),
    ]);
  });

  it('with dndDuringOsFocus on, reports Focus Assist as osFocus (on, then null), never a status', async (context) => {
    const main = launchMain(context, { platform: 'win32' });
    await signedIn(main, 'available');
    await main.bridge('updateSettings', { dndDuringOsFocus: true });
    await main.call('setOs', { focusAssist: 2 });
    expect(await nextDeviceActivity(main, 1)).toMatchObject({
      state: 'active',
      label: 'Windows',
      osFocus: { name: expect.stringMatching(/^(Focus Assist|Do not disturb)$/) },
    });
    expect(await main.bridge('getDeviceActivity')).toMatchObject({ osFocus: { name: expect.any(String) } });
    // Focus Assist still mutes notifications locally.
    await main.call('windowAction', 'hide');
    await main.bridge('reportIncomingMessage', message);
    await main.call('setOs', { focusAssist: 0 });
    expect(await nextDeviceActivity(main, 2)).toMatchObject({ state: 'active', osFocus: null });
    await main.bridge('reportIncomingMessage', { ...message, body: 'after focus' });
    const state = await main.waitFor('a notification', (s) => s.notifications.length > 0 && s);
    expect(state.notifications.map((notification) => notification.body)).toEqual(['after focus']);
    expect(await statusRequests(main)).toEqual([]);
  });

  it('with dndDuringOsFocus off (the default), Focus Assist is not reported', async (context) => {
    const main = launchMain(context, { platform: 'win32' });
    await signedIn(main, 'available');
    await main.call('setOs', { focusAssist: 2 });
    await main.waitFor('the tray to say why', (state) => state.tray?.tooltip.includes('muted by'));
    expect(await deviceActivities(main)).toEqual([]);
    expect(await main.bridge('getDeviceActivity')).toMatchObject({ osFocus: null });
  });

  it('the taskbar overlay shows the unread count on Windows', async (context) => {
    const main = launchMain(context, { platform: 'win32' });
    await signedIn(main, 'available');
    await main.bridge('reportUnread', { total: 4, conversations: 2, mentions: 0 });
    const state = await main.waitFor('the overlay', (s) => Boolean(s.window?.overlay?.icon) && s);
    expect(state.window?.overlay).toMatchObject({ icon: expect.stringMatching(/overlay-4\.png$/) });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { BrowserBridge } from './browser';

const bridges: BrowserBridge[] = [];
function create() {
  window.localStorage.clear();
  const bridge = new BrowserBridge(window);
  bridges.push(bridge);
  return bridge;
}

afterEach(() => {
  for (const bridge of bridges.splice(0)) bridge.dispose();
  vi.useRealTimers();
});

describe('BrowserBridge', () => {
  it('is the web host and defaults to the page origin', async () => {
    const bridge = create();
    expect(bridge.host).toBe('web');
    await expect(bridge.getConnectionDefaults()).resolves.toEqual({
      serverUrl: window.location.origin,
      serverUrlLocked: false,
    });
  });

  it('keeps the session in localStorage until cleared, ignoring corrupt data', async () => {
    const bridge = create();
    await expect(bridge.loadSession()).resolves.toBeNull();
    const session = { serverUrl: 'http://x', token: 't', userId: 'u', email: 'a@b.c', expiresAt: 5 };
    await bridge.saveSession(session);
    await expect(new BrowserBridge(window).loadSession()).resolves.toEqual(session);
    window.localStorage.setItem('beacon.session', '{broken');
    await expect(bridge.loadSession()).resolves.toBeNull();
    await bridge.clearSession();
    expect(window.localStorage.getItem('beacon.session')).toBeNull();
  });

  it('stores settings without locks and tells listeners', async () => {
    const bridge = create();
    const initial = await bridge.getSettings();
    expect(initial.locked).toEqual([]);
    expect(initial.values.idleMinutes).toBe(5);
    const listener = vi.fn();
    bridge.onSettingsChanged(listener);
    const updated = await bridge.updateSettings({ idleMinutes: 15, serverUrl: 'http://x' });
    expect(updated.values).toMatchObject({
      idleMinutes: 15,
      serverUrl: 'http://x',
      notificationsEnabled: true,
    });
    expect(listener).toHaveBeenCalledWith(updated);
    window.localStorage.setItem(
      'beacon.settings',
      JSON.stringify({ idleMinutes: 'lots', notificationSound: false }),
    );
    expect((await bridge.getSettings()).values).toMatchObject({ idleMinutes: 5, notificationSound: false });
  });

  it('opens only http(s) and mailto links, in a new window without opener', async () => {
    const bridge = create();
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    await bridge.openExternal('https://example.com/x');
    expect(open).toHaveBeenCalledWith('https://example.com/x', '_blank', 'noopener,noreferrer');
    await expect(bridge.openExternal('javascript:alert(1)')).rejects.toThrow(/only http/);
    expect(open).toHaveBeenCalledTimes(1);
    open.mockRestore();
  });

  it('shows the unread total in the tab title', () => {
    const bridge = create();
    bridge.reportUnread({ total: 3, conversations: 2 });
    expect(document.title).toBe('(3) Beacon');
    bridge.reportUnread({ total: 0, conversations: 0 });
    expect(document.title).toBe('Beacon');
  });

  it('asks for Away after the idle time and for Available on activity', async () => {
    vi.useFakeTimers();
    const bridge = create();
    await bridge.updateSettings({ idleMinutes: 2 });
    const requests: unknown[] = [];
    const stop = bridge.onStatusRequest((request) => requests.push(request));
    vi.advanceTimersByTime(60_000);
    window.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(90_000);
    expect(requests).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(requests).toEqual([{ status: 'away', auto: true, idleSince: expect.any(Number) }]);
    window.dispatchEvent(new Event('pointermove'));
    expect(requests.at(-1)).toEqual({ status: 'available', auto: true, idleSince: null });
    stop();
  });
});

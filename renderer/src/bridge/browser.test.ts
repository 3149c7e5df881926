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
    bridge.reportUnread({ total: 3, conversations: 2, mentions: 0 });
    expect(document.title).toBe('(3) Beacon');
    bridge.reportUnread({ total: 0, conversations: 0, mentions: 0 });
    expect(document.title).toBe('Beacon');
    bridge.reportUnread({ total: 4, conversations: 2, mentions: 1 });
    expect(document.title).toBe('(4 · @1) Beacon');
  });

  it('downloads a file with the session token through a plain download link', async () => {
    const bridge = create();
    await expect(bridge.downloadFile({ fileId: 'f1', name: 'a.pdf' })).rejects.toThrow(/Sign in/);
    await bridge.saveSession({
      serverUrl: 'https://chat.acme.test',
      token: 'tok-1',
      userId: 'u',
      email: 'a@b.c',
      expiresAt: null,
    });
    const fetchMock = vi.fn(async () => new Response('content', { status: 200 }));
    (window as unknown as { fetch: unknown }).fetch = fetchMock;
    const created = vi.fn(() => 'blob:https://chat.acme.test/1');
    (URL as unknown as { createObjectURL: unknown }).createObjectURL = created;
    (URL as unknown as { revokeObjectURL: unknown }).revokeObjectURL = vi.fn();
    const clicked: Array<{ href: string; download: string }> = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download });
    });
    const result = await bridge.downloadFile({ fileId: 'f 1', name: 'Q3 figures.xlsx' });
    expect(result).toEqual({
      downloadId: expect.stringMatching(/^dl-\d+$/),
      name: 'Q3 figures.xlsx',
      state: 'completed',
    });
    expect(fetchMock).toHaveBeenCalledWith('https://chat.acme.test/api/v1/files/f%201', {
      headers: { authorization: 'Bearer tok-1' },
    });
    expect(clicked).toEqual([{ href: 'blob:https://chat.acme.test/1', download: 'Q3 figures.xlsx' }]);
    expect(document.querySelector('a[download]')).toBeNull();
    fetchMock.mockResolvedValueOnce(new Response('pending', { status: 409 }));
    expect((await bridge.downloadFile({ fileId: 'f2', name: 'b.pdf' })).state).toBe('interrupted');
    await expect(bridge.showDownloadInFolder(result.downloadId)).rejects.toThrow(/downloads list/);
    click.mockRestore();
  });

  it('reports idle (since the last input) after the idle time and active on input, never a status', async () => {
    vi.useFakeTimers();
    const bridge = create();
    await bridge.updateSettings({ idleMinutes: 2 });
    const reports: unknown[] = [];
    const requests: unknown[] = [];
    bridge.onStatusRequest((request) => requests.push(request));
    const stop = bridge.onDeviceActivity((report) => reports.push(report));
    vi.advanceTimersByTime(60_000);
    window.dispatchEvent(new Event('keydown'));
    const lastInput = Date.now();
    vi.advanceTimersByTime(90_000);
    expect(reports).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(reports).toEqual([{ state: 'idle', since: lastInput, label: 'Web', osFocus: null }]);
    await expect(bridge.getDeviceActivity()).resolves.toMatchObject({ state: 'idle', since: lastInput });
    window.dispatchEvent(new Event('pointermove'));
    expect(reports.at(-1)).toEqual({ state: 'active', since: Date.now(), label: 'Web', osFocus: null });
    expect(requests).toEqual([]);
    stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(reports).toHaveLength(2);
  });

  it('a (re)loaded page reads the current state, labelled Web', async () => {
    const bridge = create();
    await expect(bridge.getDeviceActivity()).resolves.toEqual({
      state: 'active',
      since: expect.any(Number),
      label: 'Web',
      osFocus: null,
    });
  });
});

describe('BrowserBridge notifications: the common policy', () => {
  class FakeNotification {
    static permission: NotificationPermission = 'granted';
    static shown: Array<{ title: string; options: NotificationOptions }> = [];
    onclick: (() => void) | null = null;
    constructor(title: string, options: NotificationOptions) {
      FakeNotification.shown.push({ title, options });
    }
    close(): void {}
  }
  const message = {
    conversationId: 'c1',
    conversationTitle: 'Release team',
    senderName: 'Carol Chen',
    body: 'Ship it',
    sentAt: 1,
    mentionsMe: false,
  };

  function withNotifications(focused: boolean) {
    FakeNotification.shown = [];
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    vi.spyOn(document, 'hasFocus').mockReturnValue(focused);
    return create();
  }

  afterEach(() => {
    vi.restoreAllMocks();
    delete (window as unknown as { Notification?: unknown }).Notification;
  });

  it('shows the desktop wording for a message while the tab is in the background', () => {
    const bridge = withNotifications(false);
    bridge.reportView({ conversationId: 'c1', status: 'available' });
    bridge.reportIncomingMessage(message);
    expect(FakeNotification.shown).toEqual([
      { title: 'Release team', options: { body: 'Carol Chen: Ship it', tag: 'c1', silent: false } },
    ]);
  });

  it('stays silent for the conversation the user is looking at, and in Do not disturb', () => {
    const bridge = withNotifications(true);
    bridge.reportView({ conversationId: 'c1', status: 'available' });
    bridge.reportIncomingMessage(message);
    expect(FakeNotification.shown).toEqual([]);
    bridge.reportIncomingMessage({ ...message, conversationId: 'c2' });
    expect(FakeNotification.shown).toHaveLength(1);
    bridge.reportPresence({ userId: 'u', status: 'dnd', message: null, idleSince: null, updatedAt: 1 });
    bridge.reportIncomingMessage({ ...message, conversationId: 'c3' });
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('notifies a mention over another conversation in the focused tab, saying so; never in DND', () => {
    const bridge = withNotifications(true);
    bridge.reportView({ conversationId: 'c-other', status: 'available' });
    bridge.reportIncomingMessage({ ...message, mentionsMe: true });
    expect(FakeNotification.shown).toEqual([
      {
        title: 'Carol Chen mentioned you in Release team',
        options: { body: 'Ship it', tag: 'c1', silent: false },
      },
    ]);
    bridge.reportPresence({ userId: 'u', status: 'dnd', message: null, idleSince: null, updatedAt: 1 });
    bridge.reportIncomingMessage({ ...message, conversationId: 'c2', mentionsMe: true });
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('quiet hours 09:00–09:00 mean all day, as on the desktop', async () => {
    const bridge = withNotifications(false);
    await bridge.updateSettings({ quietHours: { enabled: true, start: '09:00', end: '09:00' } });
    bridge.reportIncomingMessage(message);
    expect(FakeNotification.shown).toEqual([]);
  });
});

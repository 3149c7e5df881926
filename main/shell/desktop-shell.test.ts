import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Presence } from '@beacon/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { IncomingMessageEvent, UserSettings } from '../../common/bridge';
import type { OsFocusReading } from '../focus/os-focus';
import { SessionStore } from '../session/session-store';
import { EMPTY_POLICY, type ManagedPolicy } from '../settings/policy';
import { SettingsStore } from '../settings/settings-store';
import { RecordedNotifications } from '../testing/e2e-hooks';
import {
  FakeBadge,
  FakeDownloads,
  FakePower,
  FakeScheduler,
  FakeTray,
  FakeWindow,
  RecordingLogger,
} from '../testing/fakes';
import { DesktopShell, type DesktopShellOptions } from './desktop-shell';

const presence = (status: Presence['status']): Presence => ({
  userId: 'u1',
  status,
  message: null,
  idleSince: null,
  updatedAt: 1,
});

const message = (conversationId: string, body = 'hello'): IncomingMessageEvent => ({
  conversationId,
  conversationTitle: 'Bob Baker',
  senderName: 'Bob Baker',
  body,
  sentAt: 1,
  mentionsMe: false,
});

async function setup(policy: ManagedPolicy = EMPTY_POLICY, extra: Partial<DesktopShellOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'beacon-shell-'));
  const log = new RecordingLogger();
  const settings = await SettingsStore.open({ file: join(dir, 'settings.json'), policy, log });
  const session = new SessionStore({
    file: join(dir, 'session.bin'),
    cipher: {
      isEncryptionAvailable: () => true,
      encryptString: (text) => Buffer.from(text).reverse(),
      decryptString: (data) => Buffer.from(data).reverse().toString(),
    },
    log,
  });
  const window = new FakeWindow();
  const tray = new FakeTray();
  const badge = new FakeBadge();
  const notifications = new RecordedNotifications();
  const power = new FakePower();
  const scheduler = new FakeScheduler();
  const quit = vi.fn();
  const openExternal = vi.fn(async () => undefined);
  const downloads = new FakeDownloads();
  const shell = new DesktopShell({
    downloads,
    isPageDownload: (url) => url.startsWith('blob:app://beacon/'),
    window,
    tray,
    badge,
    notifications,
    power,
    scheduler,
    settings,
    session,
    openExternal,
    quit,
    log,
    idlePollSeconds: 10,
    ...extra,
  });
  shell.start();
  return {
    shell,
    window,
    tray,
    badge,
    notifications,
    power,
    scheduler,
    settings,
    quit,
    openExternal,
    downloads,
    log,
  };
}

describe('DesktopShell: tray', () => {
  it('shows "not signed in" until the renderer reports a presence, then status and unread', async () => {
    const { shell, tray } = await setup();
    expect(tray.model?.tooltip).toBe('Beacon — Not signed in');
    shell.sendHandlers.reportPresence(presence('busy'));
    shell.sendHandlers.reportUnread({ total: 3, conversations: 2, mentions: 0 });
    expect(tray.model?.tooltip).toBe('Beacon — Busy · 3 unread');
    expect(tray.model?.icon).toBe('busy-unread');
    shell.sendHandlers.reportUnread({ total: 3, conversations: 2, mentions: 1 });
    expect(tray.model?.tooltip).toBe('Beacon — Busy · 3 unread, 1 mention');
  });

  it('a status chosen in the tray goes to the renderer (which tells the server)', async () => {
    const { shell, window } = await setup();
    shell.sendHandlers.reportPresence(presence('available'));
    shell.handleTrayCommand({ kind: 'set-status', status: 'dnd' });
    expect(window.sentOf('statusRequest')).toEqual([{ status: 'dnd' }]);
  });

  it('a change made on another device (reported by the renderer) updates the tray', async () => {
    const { shell, tray } = await setup();
    shell.sendHandlers.reportPresence(presence('available'));
    shell.sendHandlers.reportPresence(presence('away'));
    expect(tray.model?.menu.find((item) => item.type === 'radio' && item.checked)).toMatchObject({
      label: 'Away',
    });
  });

  it('"Set status message…" opens the window and the editor; Open and Quit do what they say', async () => {
    const { shell, window, quit } = await setup();
    window.hide();
    shell.handleTrayCommand({ kind: 'edit-status-message' });
    expect(window.visible).toBe(true);
    expect(window.sentOf('editStatusMessage')).toHaveLength(1);
    window.hide();
    shell.handleTrayCommand({ kind: 'open' });
    expect(window.visible).toBe(true);
    shell.handleTrayCommand({ kind: 'quit' });
    expect(quit).toHaveBeenCalledOnce();
  });

  it('forgets the status on sign-out (the session is cleared)', async () => {
    const { shell, tray } = await setup();
    shell.sendHandlers.reportPresence(presence('busy'));
    await shell.invokeHandlers.clearSession();
    expect(tray.model?.tooltip).toBe('Beacon — Not signed in');
  });

  it('shows the server’s reason from the v2 fields, and checks the status the user chose', async () => {
    const { shell, tray } = await setup();
    shell.sendHandlers.reportPresence({
      ...presence('away'),
      source: 'locked',
      activity: null,
      until: null,
      chosen: { status: 'available', message: null, until: null },
    });
    expect(tray.model?.tooltip).toBe('Beacon — Away — screen locked');
    expect(tray.model?.icon).toBe('away');
    expect(tray.model?.menu.find((item) => item.type === 'radio' && item.checked)).toMatchObject({
      label: 'Available',
    });
  });

  it('forgets the status when the page reloads', async () => {
    const { shell, tray } = await setup();
    shell.sendHandlers.reportPresence(presence('busy'));
    shell.resetRendererState();
    expect(tray.model?.tooltip).toBe('Beacon — Not signed in');
  });
});

describe('DesktopShell: badge', () => {
  it('follows the unread total and stops flashing at zero', async () => {
    const { shell, badge, window } = await setup();
    shell.sendHandlers.reportUnread({ total: 12, conversations: 3, mentions: 0 });
    expect(badge.model).toEqual({
      count: 12,
      dockText: '12',
      overlay: { icon: 'overlay-9plus', description: '12 unread messages' },
    });
    window.flashing = true;
    shell.sendHandlers.reportUnread({ total: 0, conversations: 0, mentions: 0 });
    expect(badge.model).toEqual({ count: 0, dockText: '', overlay: null });
    expect(window.flashing).toBe(false);
  });

  it('shows mentions apart from plain unread', async () => {
    const { shell, badge } = await setup();
    shell.sendHandlers.reportUnread({ total: 4, conversations: 2, mentions: 1 });
    expect(badge.model).toEqual({
      count: 4,
      dockText: '@1',
      overlay: { icon: 'overlay-mention', description: '4 unread messages, 1 mention' },
    });
  });
});

describe('DesktopShell: device activity', () => {
  it('reports idle (not a status) after the threshold, and active on input', async () => {
    const { shell, window, power, scheduler } = await setup();
    shell.sendHandlers.reportPresence(presence('available'));
    power.idleSeconds = 301;
    scheduler.advance(10_000);
    expect(window.sentOf('deviceActivity')).toEqual([
      { state: 'idle', since: scheduler.now() - 301_000, label: expect.any(String), osFocus: null },
    ]);
    power.idleSeconds = 0;
    scheduler.advance(10_000);
    expect(window.sentOf('deviceActivity')[1]).toMatchObject({ state: 'active', since: scheduler.now() });
    expect(window.sentOf('statusRequest')).toEqual([]);
  });

  it('reports locked and suspended at once, also before sign-in', async () => {
    const { window, power } = await setup();
    power.emit('lock-screen');
    power.emit('unlock-screen');
    power.emit('suspend');
    expect(window.sentOf('deviceActivity').map((report) => report.state)).toEqual([
      'locked',
      'active',
      'suspended',
    ]);
  });

  it('a (re)loaded page reads the current state with its label', async () => {
    const { shell, power } = await setup(EMPTY_POLICY, { deviceLabel: 'Windows' });
    power.emit('lock-screen');
    shell.resetRendererState();
    expect(await shell.invokeHandlers.getDeviceActivity()).toMatchObject({
      state: 'locked',
      label: 'Windows',
      osFocus: null,
    });
  });

  it('follows a threshold changed in Settings', async () => {
    const { shell, window, power, scheduler, settings } = await setup();
    shell.sendHandlers.reportPresence(presence('available'));
    await settings.update({ idleMinutes: 20 });
    power.idleSeconds = 600;
    scheduler.advance(10_000);
    expect(window.sentOf('deviceActivity')).toEqual([]);
    expect(window.sentOf('settingsChanged').at(-1)?.values.idleMinutes).toBe(20);
  });
});

describe('DesktopShell: notifications', () => {
  it('notifies when the window is in the background; a click shows it and opens the conversation', async () => {
    const { shell, window, notifications } = await setup();
    shell.sendHandlers.reportPresence(presence('available'));
    window.hide();
    shell.sendHandlers.reportIncomingMessage(message('c1'));
    expect(Object.keys(notifications.list())).toEqual(['c1']);
    expect(window.flashing).toBe(true);
    notifications.click('c1');
    expect(window.visible).toBe(true);
    expect(window.sentOf('openConversation')).toEqual(['c1']);
  });

  it('keeps one notification per conversation, the newest', async () => {
    const { shell, window, notifications } = await setup();
    window.hide();
    shell.sendHandlers.reportIncomingMessage(message('c1', 'first'));
    shell.sendHandlers.reportIncomingMessage(message('c1', 'second'));
    expect(notifications.list()).toEqual({ c1: { title: 'Bob Baker', body: 'second', silent: false } });
  });

  it('stays quiet for the conversation on screen and in Do not disturb', async () => {
    const { shell, window, notifications } = await setup();
    shell.sendHandlers.reportView({ conversationId: 'c1', status: 'available' });
    shell.sendHandlers.reportIncomingMessage(message('c1'));
    expect(shell.lastNotificationDecision?.decision.reason).toBe('conversation-on-screen');
    shell.sendHandlers.reportPresence(presence('dnd'));
    window.hide();
    shell.sendHandlers.reportIncomingMessage(message('c2'));
    expect(shell.lastNotificationDecision?.decision).toEqual({ show: false, reason: 'do-not-disturb' });
    expect(notifications.list()).toEqual({});
  });

  it('notifies a mention over another conversation in the focused window, saying so', async () => {
    const { shell, window, notifications } = await setup();
    shell.sendHandlers.reportPresence(presence('available'));
    shell.sendHandlers.reportView({ conversationId: 'c-other', status: 'available' });
    shell.sendHandlers.reportIncomingMessage({ ...message('c1', '@alice look'), mentionsMe: true });
    expect(shell.lastNotificationDecision?.decision).toEqual({ show: true, reason: 'mention' });
    expect(notifications.list().c1?.title).toBe('Bob Baker mentioned you');
    expect(window.flashing).toBe(false);
    shell.sendHandlers.reportPresence(presence('dnd'));
    shell.sendHandlers.reportIncomingMessage({ ...message('c2', '@alice again'), mentionsMe: true });
    expect(shell.lastNotificationDecision?.decision).toEqual({ show: false, reason: 'do-not-disturb' });
    expect(Object.keys(notifications.list())).toEqual(['c1']);
  });

  it('uses the sound setting', async () => {
    const { shell, window, notifications, settings } = await setup();
    await settings.update({ notificationSound: false });
    window.hide();
    shell.sendHandlers.reportIncomingMessage(message('c1'));
    expect(notifications.list().c1?.silent).toBe(true);
  });

  it('dismisses a conversation notification once the user looks at it', async () => {
    const { shell, window, notifications } = await setup();
    window.focused = false;
    shell.sendHandlers.reportIncomingMessage(message('c1'));
    expect(Object.keys(notifications.list())).toEqual(['c1']);
    window.focused = true;
    shell.sendHandlers.reportView({ conversationId: 'c1', status: 'available' });
    expect(notifications.list()).toEqual({});
  });
});

describe('DesktopShell: renderer requests', () => {
  it('answers connection defaults from settings and policy', async () => {
    const locked = await setup({ ...EMPTY_POLICY, mandatory: { serverUrl: 'https://chat.acme.test' } });
    expect(await locked.shell.invokeHandlers.getConnectionDefaults()).toEqual({
      serverUrl: 'https://chat.acme.test',
      serverUrlLocked: true,
    });
    const open = await setup();
    expect(await open.shell.invokeHandlers.getConnectionDefaults()).toEqual({
      serverUrl: null,
      serverUrlLocked: false,
    });
  });

  it('keeps the session and remembers its server for the CSP', async () => {
    const { shell } = await setup();
    const session = {
      serverUrl: 'https://chat.acme.test',
      token: 't',
      userId: 'u1',
      email: 'alice@acme.test',
      expiresAt: null,
    };
    await shell.invokeHandlers.saveSession(session);
    expect(await shell.invokeHandlers.loadSession()).toEqual(session);
    expect(shell.knownServerUrls()).toEqual(['https://chat.acme.test']);
    await shell.invokeHandlers.clearSession();
    expect(await shell.invokeHandlers.loadSession()).toBeNull();
    expect(shell.knownServerUrls()).toEqual([]);
  });

  it('updates settings and pushes the new view to the renderer', async () => {
    const { shell, window } = await setup();
    const view = await shell.invokeHandlers.updateSettings({ flashTaskbar: false });
    expect(view.values.flashTaskbar).toBe(false);
    expect(window.sentOf('settingsChanged')).toEqual([view]);
  });

  it('opens links through the OS', async () => {
    const { shell, openExternal } = await setup();
    await shell.invokeHandlers.openExternal('https://example.com');
    expect(openExternal).toHaveBeenCalledWith('https://example.com');
  });
});

/** The OS focus as a test sets it (Windows is read synchronously, like this). */
class FakeOsFocus {
  reading: OsFocusReading = { doNotDisturb: false, presenting: false };
  failure: Error | null = null;
  reads = 0;

  read(): OsFocusReading {
    this.reads++;
    if (this.failure) throw this.failure;
    return this.reading;
  }
}

describe('DesktopShell: OS focus', () => {
  async function focusSetup(settingsPatch: Partial<UserSettings> = {}) {
    const osFocus = new FakeOsFocus();
    const context = await setup(EMPTY_POLICY, { osFocus, osFocusPollSeconds: 5 });
    if (Object.keys(settingsPatch).length > 0) await context.settings.update(settingsPatch);
    context.shell.sendHandlers.reportPresence(presence('available'));
    context.window.hide();
    return { ...context, osFocus };
  }

  it('Focus Assist on: no notification, no flash, reason os-focus; the tray says why', async () => {
    const { shell, notifications, osFocus, window, tray, scheduler } = await focusSetup();
    osFocus.reading = { doNotDisturb: true, presenting: false, name: 'Focus Assist' };
    shell.sendHandlers.reportIncomingMessage(message('c1'));
    expect(notifications.list()).toEqual({});
    expect(shell.lastNotificationDecision?.decision).toEqual({ show: false, reason: 'os-focus' });
    expect(window.flashing).toBe(false);
    expect(tray.model?.tooltip).toBe('Beacon — Available · muted by Focus Assist');
    osFocus.reading = { doNotDisturb: false, presenting: false };
    scheduler.advance(5_000);
    expect(tray.model?.tooltip).toBe('Beacon — Available');
    shell.sendHandlers.reportIncomingMessage(message('c1'));
    expect(Object.keys(notifications.list())).toEqual(['c1']);
  });

  it('presenting: the notification is shown without its text, silently; the tray says why', async () => {
    const { shell, notifications, osFocus, tray, scheduler } = await focusSetup();
    osFocus.reading = { doNotDisturb: false, presenting: true };
    scheduler.advance(5_000);
    expect(tray.model?.tooltip).toBe('Beacon — Available · notifications hidden while presenting');
    shell.sendHandlers.reportIncomingMessage({
      ...message('c1', 'the acquisition closes Friday'),
      conversationTitle: 'Project Falcon',
    });
    expect(notifications.list()).toEqual({
      c1: { title: 'Beacon', body: 'New message from Bob Baker', silent: true },
    });
    expect(shell.lastNotificationDecision?.decision).toMatchObject({ show: true, content: 'private' });
  });

  it('a throwing module: notifications still shown, one log line', async () => {
    const { shell, notifications, osFocus, scheduler, log } = await focusSetup();
    osFocus.failure = new Error('focusassist.node: The specified module could not be found');
    scheduler.advance(30_000);
    for (const id of ['c1', 'c2', 'c3']) shell.sendHandlers.reportIncomingMessage(message(id));
    expect(Object.keys(notifications.list())).toEqual(['c1', 'c2', 'c3']);
    expect(osFocus.reads).toBeGreaterThan(5);
    expect(log.lines.filter((line) => /OS focus state/.test(line.message))).toHaveLength(1);
  });

  it('without a source nothing is known and nothing is held back', async () => {
    const { shell, notifications, window, tray } = await setup();
    shell.sendHandlers.reportPresence(presence('available'));
    window.hide();
    shell.sendHandlers.reportIncomingMessage(message('c1'));
    expect(Object.keys(notifications.list())).toEqual(['c1']);
    expect(shell.osFocus).toBeNull();
    expect(tray.model?.tooltip).toBe('Beacon — Available');
  });

  it('dndDuringOsFocus off (the default): the OS focus is not reported, no status is asked for', async () => {
    const { window, osFocus, scheduler } = await focusSetup();
    osFocus.reading = { doNotDisturb: true, presenting: false, name: 'Focus' };
    scheduler.advance(5_000);
    expect(window.sentOf('deviceActivity')).toEqual([]);
    expect(window.sentOf('statusRequest')).toEqual([]);
  });

  it('dndDuringOsFocus on: the OS focus is reported on and off, never as a status', async () => {
    const { window, osFocus, scheduler } = await focusSetup({ dndDuringOsFocus: true });
    osFocus.reading = { doNotDisturb: true, presenting: false, name: 'Focus Assist' };
    scheduler.advance(5_000);
    osFocus.reading = { doNotDisturb: false, presenting: false };
    scheduler.advance(5_000);
    expect(window.sentOf('deviceActivity').map((report) => report.osFocus)).toEqual([
      { name: 'Focus Assist' },
      null,
    ]);
    expect(window.sentOf('statusRequest')).toEqual([]);
  });

  it('turning dndDuringOsFocus on or off during focus reports it at once', async () => {
    const { shell, window, osFocus, scheduler, settings } = await focusSetup();
    osFocus.reading = { doNotDisturb: true, presenting: false, name: 'Focus' };
    scheduler.advance(5_000);
    await settings.update({ dndDuringOsFocus: true });
    expect(window.sentOf('deviceActivity').at(-1)?.osFocus).toEqual({ name: 'Focus' });
    await settings.update({ dndDuringOsFocus: false });
    expect(window.sentOf('deviceActivity').at(-1)?.osFocus).toBeNull();
    expect(shell.deviceActivity.osFocus).toBeNull();
  });

  it('Focus Assist still mutes notifications locally while it is reported', async () => {
    const { shell, notifications, osFocus, scheduler } = await focusSetup({ dndDuringOsFocus: true });
    osFocus.reading = { doNotDisturb: true, presenting: false, name: 'Focus Assist' };
    scheduler.advance(5_000);
    shell.sendHandlers.reportIncomingMessage(message('c1'));
    expect(notifications.list()).toEqual({});
    expect(shell.lastNotificationDecision?.decision.reason).toBe('os-focus');
  });
});

describe('DesktopShell: downloads', () => {
  const session = {
    serverUrl: 'https://chat.acme.test',
    token: 'tok-123',
    userId: 'u1',
    email: 'alice@acme.test',
    expiresAt: null,
  };

  it('refuses a download before sign-in', async () => {
    const { shell, downloads } = await setup();
    await expect(
      Promise.resolve().then(() => shell.invokeHandlers.downloadFile({ fileId: 'f1', name: 'a.pdf' })),
    ).rejects.toThrow(/not signed in/);
    expect(downloads.started).toEqual([]);
  });

  it('downloads a file of the signed-in server with its token; the page gets an id, not a path', async () => {
    const { shell, downloads } = await setup();
    await shell.invokeHandlers.saveSession(session);
    const result = shell.invokeHandlers.downloadFile({ fileId: 'f 1', name: 'a.pdf' });
    expect(downloads.started).toEqual([
      { url: 'https://chat.acme.test/api/v1/files/f%201', headers: { Authorization: 'Bearer tok-123' } },
    ]);
    let done: ((state: 'completed') => void) | null = null;
    shell.downloads.manager.willDownload({
      url: 'https://chat.acme.test/api/v1/files/f%201',
      suggestedName: 'f 1',
      setSavePath: () => undefined,
      cancel: () => undefined,
      onDone: (listener) => {
        done = listener;
      },
    });
    (done as ((state: 'completed') => void) | null)?.('completed');
    const answer = await result;
    expect(answer).toMatchObject({ name: 'a.pdf', state: 'completed' });
    expect(JSON.stringify(answer)).not.toContain('/');
    await shell.invokeHandlers.showDownloadInFolder(answer.downloadId);
    expect(downloads.revealed).toEqual([join(FakeDownloads.FOLDER, 'a.pdf')]);
  });

  it('downloads a file link the page opens instead of opening it; other links are not its business', async () => {
    const { shell, downloads } = await setup();
    expect(shell.downloads.downloadLink('https://chat.acme.test/api/v1/files/f1')).toBe(false);
    await shell.invokeHandlers.saveSession(session);
    expect(shell.downloads.downloadLink('https://chat.acme.test/api/v1/files/f1')).toBe(true);
    expect(shell.downloads.downloadLink('https://chat.acme.test/about')).toBe(false);
    expect(shell.downloads.downloadLink('https://other.test/api/v1/files/f1')).toBe(false);
    expect(downloads.started.map((start) => start.url)).toEqual(['https://chat.acme.test/api/v1/files/f1']);
    await shell.invokeHandlers.clearSession();
    expect(shell.downloads.downloadLink('https://chat.acme.test/api/v1/files/f1')).toBe(false);
  });
});

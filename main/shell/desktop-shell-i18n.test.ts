import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { translator } from '../../common/i18n';
import { buildBadgeModel } from '../badge/badge-model';
import { decideCloseHint } from '../lifecycle/close-hint';
import { SessionStore } from '../session/session-store';
import { EMPTY_POLICY } from '../settings/policy';
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
import { buildTrayModel } from '../tray/tray-model';
import { DesktopShell } from './desktop-shell';

async function setup(preferredLanguages: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'beacon-shell-i18n-'));
  const log = new RecordingLogger();
  const settings = await SettingsStore.open({ file: join(dir, 'settings.json'), policy: EMPTY_POLICY, log });
  const session = new SessionStore({
    file: join(dir, 'session.bin'),
    cipher: {
      isEncryptionAvailable: () => true,
      encryptString: (text) => Buffer.from(text),
      decryptString: (data) => Buffer.from(data).toString(),
    },
    log,
  });
  const window = new FakeWindow();
  const tray = new FakeTray();
  const notifications = new RecordedNotifications();
  const shell = new DesktopShell({
    downloads: new FakeDownloads(),
    isPageDownload: () => false,
    window,
    tray,
    badge: new FakeBadge(),
    notifications,
    power: new FakePower(),
    scheduler: new FakeScheduler(),
    settings,
    session,
    openExternal: vi.fn(async () => undefined),
    quit: vi.fn(),
    log,
    preferredLanguages,
  });
  shell.start();
  return { shell, window, tray, notifications, settings };
}

const labels = (tray: FakeTray) =>
  tray.model?.menu.flatMap((item) => (item.type === 'separator' ? [] : [item.label]));

describe('DesktopShell: language', () => {
  it('shows the tray menu in German on a German system', async () => {
    const { shell, tray } = await setup(['de-DE', 'en-US']);
    shell.sendHandlers.reportPresence({
      userId: 'u1',
      status: 'busy',
      message: null,
      idleSince: null,
      updatedAt: 1,
    });
    shell.sendHandlers.reportUnread({ total: 3, conversations: 2, mentions: 1 });
    expect(labels(tray)).toEqual([
      'Verfügbar',
      'Beschäftigt',
      'Nicht stören',
      'Abwesend',
      'Offline anzeigen',
      'Statusnachricht festlegen…',
      '3 ungelesene, 1 Erwähnung',
      'Beacon öffnen',
      'Beenden',
    ]);
    expect(tray.model?.tooltip).toBe('Beacon – Beschäftigt · 3 ungelesene, 1 Erwähnung');
  });

  it('follows the language setting over the system, at once', async () => {
    const { tray, settings } = await setup(['de-DE']);
    expect(tray.model?.tooltip).toBe('Beacon – Nicht angemeldet');
    await settings.update({ language: 'en' });
    expect(tray.model?.tooltip).toBe('Beacon — Not signed in');
    await settings.update({ language: 'system' });
    expect(tray.model?.tooltip).toBe('Beacon – Nicht angemeldet');
  });

  it('words notifications in the UI language', async () => {
    const { shell, window, notifications } = await setup(['de']);
    shell.sendHandlers.reportPresence({
      userId: 'u1',
      status: 'available',
      message: null,
      idleSince: null,
      updatedAt: 1,
    });
    window.hide();
    shell.sendHandlers.reportIncomingMessage({
      conversationId: 'c1',
      conversationTitle: 'Q3-Planung',
      senderName: 'Carol Chen',
      body: '@alice Zahlen?',
      sentAt: 1,
      mentionsMe: true,
    });
    expect(notifications.list().c1?.title).toBe('Carol Chen hat dich in Q3-Planung erwähnt');
  });

  it('defaults to English for a language it does not have', async () => {
    const { tray } = await setup(['fr-FR']);
    expect(labels(tray)).toContain('Set status message…');
  });
});

describe('main-process texts in German', () => {
  const t = translator('de');

  it('tray, badge and close hint', () => {
    const model = buildTrayModel({ status: null, unread: 0 }, t);
    expect(model.tooltip).toBe('Beacon – Nicht angemeldet');
    expect(buildBadgeModel({ total: 3, mentions: 0 }, t).overlay?.description).toBe(
      '3 ungelesene Nachrichten',
    );
    const hint = decideCloseHint({
      alreadyShown: false,
      settings: { notificationsEnabled: true, quietHours: { enabled: false, start: '18:00', end: '08:00' } },
      status: 'available',
      now: new Date(),
      platform: 'win32',
      t,
    });
    expect(hint).toMatchObject({ show: true, title: 'Beacon läuft weiter' });
  });
});

import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchMain, presence, signedIn } from './harness';

const mention = {
  conversationId: 'c-q3',
  conversationTitle: 'Q3 planning',
  senderName: 'Bob Baker',
  body: '@alice can you check the figures?',
  sentAt: Date.now(),
  mentionsMe: true,
};

describe('mentions', () => {
  it('shows the mention count apart from plain unread: tray tooltip and menu, Windows overlay', async (context) => {
    const main = launchMain(context, { platform: 'win32' });
    await signedIn(main, 'available');
    await main.bridge('reportUnread', { total: 3, conversations: 2, mentions: 1 });
    const state = await main.waitFor('the mention count', (s) => s.tray?.tooltip.includes('mention') && s);
    expect(state.tray?.tooltip).toBe('Beacon — Available · 3 unread, 1 mention');
    expect(state.tray?.menu.map((item) => item.label)).toContain('3 unread, 1 mention');
    expect(state.window?.overlay?.description).toBe('3 unread messages, 1 mention');
    const icon = state.window?.overlay?.icon ?? '';
    expect(basename(icon)).toBe('overlay-mention.png');
    expect(existsSync(icon)).toBe(true);
    await main.bridge('reportUnread', { total: 2, conversations: 1, mentions: 0 });
    const plain = await main.waitFor('plain unread', (s) => s.tray?.tooltip.endsWith('· 2 unread') && s);
    expect(basename(plain.window?.overlay?.icon ?? '')).toBe('overlay-2.png');
    expect(state.violations).toEqual([]);
  });

  it('puts "@" and the mention count on the macOS dock', async (context) => {
    const main = launchMain(context, { platform: 'darwin' });
    await signedIn(main, 'available');
    await main.bridge('reportUnread', { total: 5, conversations: 3, mentions: 2 });
    await main.waitFor('the dock badge', (s) => s.dockBadge === '@2');
    await main.bridge('reportUnread', { total: 5, conversations: 3, mentions: 0 });
    await main.waitFor('the plain count', (s) => s.dockBadge === '5');
    await main.bridge('reportUnread', { total: 0, conversations: 0, mentions: 0 });
    await main.waitFor('no badge', (s) => s.dockBadge === '');
  });

  it('notifies a mention while the focused window shows another conversation, never in DND', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'dnd');
    await main.bridge('reportView', { conversationId: 'c-other', status: 'dnd' });
    await main.bridge('reportIncomingMessage', mention);
    await main.bridge('reportPresence', presence('available'));
    await main.bridge('reportView', { conversationId: 'c-other', status: 'available' });
    await main.bridge('reportIncomingMessage', { ...mention, body: 'second ping' });
    const state = await main.waitFor('the mention notification', (s) => s.notifications.length > 0 && s);
    expect(state.window).toMatchObject({ visible: true, focused: true });
    expect(state.notifications).toEqual([
      expect.objectContaining({ title: 'Bob Baker mentioned you in Q3 planning', body: 'second ping' }),
    ]);
  });
});

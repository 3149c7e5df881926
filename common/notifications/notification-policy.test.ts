import { describe, expect, it } from 'vitest';
import type { IncomingMessageEvent } from '../bridge';
import {
  contentFor,
  decideNotification,
  type NotificationContext,
  notificationContent,
  privateNotificationContent,
  shouldFlashTaskbar,
} from './notification-policy';

const message: IncomingMessageEvent = {
  conversationId: 'c1',
  conversationTitle: 'Bob Baker',
  senderName: 'Bob Baker',
  body: 'Lunch?',
  sentAt: 1,
  mentionsMe: false,
};

function context(overrides: Partial<NotificationContext> = {}): NotificationContext {
  return {
    settings: { notificationsEnabled: true, quietHours: { enabled: false, start: '18:00', end: '08:00' } },
    status: 'available',
    view: { conversationId: 'c1', status: 'available' },
    window: { focused: true, visible: true, minimized: false },
    now: new Date(2025, 0, 6, 10, 0),
    ...overrides,
  };
}

describe('decideNotification', () => {
  it('stays silent for the conversation on screen in the focused window', () => {
    expect(decideNotification(message, context())).toEqual({ show: false, reason: 'conversation-on-screen' });
  });

  it('notifies when another conversation is on screen', () => {
    const decision = decideNotification(
      message,
      context({ view: { conversationId: 'c2', status: 'available' } }),
    );
    expect(decision).toEqual({ show: true, reason: 'other-conversation-on-screen' });
  });

  it.each([
    ['not focused', { focused: false, visible: true, minimized: false }],
    ['hidden in the tray', { focused: false, visible: false, minimized: false }],
    ['minimized', { focused: true, visible: true, minimized: true }],
  ])('notifies when the window is %s, even for the open conversation', (_label, window) => {
    expect(decideNotification(message, context({ window }))).toEqual({
      show: true,
      reason: 'window-not-focused',
    });
  });

  it('never notifies in Do not disturb', () => {
    const decision = decideNotification(
      message,
      context({ status: 'dnd', window: { focused: false, visible: false, minimized: false } }),
    );
    expect(decision).toEqual({ show: false, reason: 'do-not-disturb' });
  });

  it('uses the view status when no presence was reported yet', () => {
    const decision = decideNotification(
      message,
      context({ status: null, view: { conversationId: null, status: 'dnd' } }),
    );
    expect(decision.reason).toBe('do-not-disturb');
  });

  it('never notifies during the Do-not-disturb schedule', () => {
    const decision = decideNotification(
      message,
      context({
        settings: { notificationsEnabled: true, quietHours: { enabled: true, start: '18:00', end: '08:00' } },
        now: new Date(2025, 0, 6, 22, 15),
        window: { focused: false, visible: false, minimized: false },
      }),
    );
    expect(decision).toEqual({ show: false, reason: 'quiet-hours' });
  });

  it('respects notifications turned off', () => {
    const decision = decideNotification(
      message,
      context({
        settings: {
          notificationsEnabled: false,
          quietHours: { enabled: false, start: '18:00', end: '08:00' },
        },
        window: { focused: false, visible: false, minimized: false },
      }),
    );
    expect(decision).toEqual({ show: false, reason: 'notifications-disabled' });
  });
});

describe('decideNotification: the OS focus', () => {
  const background = { focused: false, visible: true, minimized: false };

  it('OS Do not disturb (Focus Assist, macOS Focus) holds the notification back', () => {
    const decision = decideNotification(
      message,
      context({ window: background, osFocus: { doNotDisturb: true, presenting: null } }),
    );
    expect(decision).toEqual({ show: false, reason: 'os-focus' });
    expect(shouldFlashTaskbar(decision, true, false)).toBe(false);
  });

  it('an unknown OS state changes nothing', () => {
    expect(
      decideNotification(
        message,
        context({ window: background, osFocus: { doNotDisturb: null, presenting: null } }),
      ),
    ).toEqual({ show: true, reason: 'window-not-focused' });
  });

  it('the user’s own Do not disturb and quiet hours are named first', () => {
    const decision = decideNotification(
      message,
      context({ status: 'dnd', window: background, osFocus: { doNotDisturb: true, presenting: false } }),
    );
    expect(decision.reason).toBe('do-not-disturb');
  });

  it('while presenting, the notification is shown with private content', () => {
    const presenting = { doNotDisturb: false, presenting: true };
    expect(decideNotification(message, context({ window: background, osFocus: presenting }))).toEqual({
      show: true,
      reason: 'window-not-focused',
      content: 'private',
    });
    expect(
      decideNotification({ ...message, conversationId: 'c2' }, context({ osFocus: presenting })),
    ).toEqual({ show: true, reason: 'other-conversation-on-screen', content: 'private' });
    expect(decideNotification(message, context({ osFocus: presenting })).reason).toBe(
      'conversation-on-screen',
    );
  });
});

describe('privateNotificationContent', () => {
  it('names the sender only: no text, no conversation title, no sound', () => {
    const group = { ...message, conversationTitle: 'Acquisition of Acme', senderName: 'Bob Baker' };
    expect(privateNotificationContent(group)).toEqual({
      title: 'Beacon',
      body: 'New message from Bob Baker',
      silent: true,
    });
    expect(privateNotificationContent({ ...message, senderName: '' }).body).toBe('New message');
  });

  it('contentFor picks it for a private decision only', () => {
    expect(
      contentFor({ show: true, reason: 'window-not-focused', content: 'private' }, message, true).body,
    ).toBe('New message from Bob Baker');
    expect(contentFor({ show: true, reason: 'window-not-focused' }, message, true).body).toBe('Lunch?');
  });
});

describe('shouldFlashTaskbar', () => {
  const shown = { show: true, reason: 'window-not-focused' } as const;
  it('flashes for a message the user should see while elsewhere', () => {
    expect(shouldFlashTaskbar(shown, true, false)).toBe(true);
  });
  it('does not flash when turned off or focused', () => {
    expect(shouldFlashTaskbar(shown, false, false)).toBe(false);
    expect(shouldFlashTaskbar(shown, true, true)).toBe(false);
  });
  it('flashes with notifications off (a quiet cue), but not in DND or quiet hours', () => {
    expect(shouldFlashTaskbar({ show: false, reason: 'notifications-disabled' }, true, false)).toBe(true);
    expect(shouldFlashTaskbar({ show: false, reason: 'do-not-disturb' }, true, false)).toBe(false);
    expect(shouldFlashTaskbar({ show: false, reason: 'quiet-hours' }, true, false)).toBe(false);
  });
});

describe('notificationContent', () => {
  it('uses the sender as title in a direct conversation', () => {
    expect(notificationContent(message, true)).toEqual({ title: 'Bob Baker', body: 'Lunch?', silent: false });
  });

  it('prefixes the sender in a group and honours the sound setting', () => {
    const group = { ...message, conversationTitle: 'Release team', senderName: 'Carol Chen' };
    expect(notificationContent(group, false)).toEqual({
      title: 'Release team',
      body: 'Carol Chen: Lunch?',
      silent: true,
    });
  });

  it('collapses whitespace and shortens long bodies', () => {
    const long = { ...message, body: `line one\n\nline   two ${'x'.repeat(500)}` };
    const { body } = notificationContent(long, true);
    expect(body.startsWith('line one line two')).toBe(true);
    expect(body.length).toBeLessThanOrEqual(200);
    expect(body.endsWith('…')).toBe(true);
  });
});

describe('decideNotification: mentions', () => {
  const mention: IncomingMessageEvent = {
    conversationId: 'c-team',
    conversationTitle: 'Q3 planning',
    senderName: 'Carol Chen',
    body: '@alice can you check the figures?',
    sentAt: 1,
    mentionsMe: true,
  };
  const background = { focused: false, visible: false, minimized: false };

  it('notifies over another conversation in the focused window, as a mention', () => {
    expect(decideNotification(mention, context())).toEqual({ show: true, reason: 'mention' });
  });

  it('notifies in the background too, as a mention', () => {
    expect(decideNotification(mention, context({ window: background }))).toEqual({
      show: true,
      reason: 'mention',
    });
  });

  it('stays silent when that very conversation is on screen', () => {
    const decision = decideNotification(
      mention,
      context({ view: { conversationId: 'c-team', status: 'available' } }),
    );
    expect(decision).toEqual({ show: false, reason: 'conversation-on-screen' });
  });

  it('never notifies in Do not disturb, whatever the window shows', () => {
    expect(decideNotification(mention, context({ status: 'dnd', window: background }))).toEqual({
      show: false,
      reason: 'do-not-disturb',
    });
  });

  it('is held back by the Do-not-disturb schedule (quiet hours win over mentions)', () => {
    const decision = decideNotification(
      mention,
      context({
        settings: { notificationsEnabled: true, quietHours: { enabled: true, start: '18:00', end: '08:00' } },
        now: new Date(2025, 0, 6, 22, 15),
        window: background,
      }),
    );
    expect(decision).toEqual({ show: false, reason: 'quiet-hours' });
  });

  it('is held back by the OS focus, and private while presenting', () => {
    expect(
      decideNotification(mention, context({ osFocus: { doNotDisturb: true, presenting: null } })),
    ).toEqual({ show: false, reason: 'os-focus' });
    const presenting = decideNotification(
      mention,
      context({ osFocus: { doNotDisturb: false, presenting: true } }),
    );
    expect(presenting).toEqual({ show: true, reason: 'mention', content: 'private' });
    expect(contentFor(presenting, mention, true)).toEqual({
      title: 'Beacon',
      body: 'Carol Chen mentioned you',
      silent: true,
    });
  });

  it('respects notifications turned off', () => {
    const off = { notificationsEnabled: false, quietHours: { enabled: false, start: '18:00', end: '08:00' } };
    expect(decideNotification(mention, context({ settings: off })).reason).toBe('notifications-disabled');
  });

  it('says "mentioned you" in the title, with the group’s name', () => {
    expect(notificationContent(mention, true)).toEqual({
      title: 'Carol Chen mentioned you in Q3 planning',
      body: '@alice can you check the figures?',
      silent: false,
    });
    const direct = { ...mention, conversationTitle: 'Carol Chen' };
    expect(notificationContent(direct, false)).toEqual({
      title: 'Carol Chen mentioned you',
      body: '@alice can you check the figures?',
      silent: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { launchMain, presence, signedIn } from './harness';

const message = {
  conversationId: 'c-bob',
  conversationTitle: 'Bob Baker',
  senderName: 'Bob Baker',
  body: 'Have you got a minute for the Q3 figures?',
  sentAt: Date.now(),
  mentionsMe: false,
};

describe('notifications', () => {
  it('shows one for a message while the window is in the background; a click opens the conversation', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.call('windowAction', 'hide');
    await main.bridge('reportIncomingMessage', message);
    const state = await main.waitFor('a notification', (s) => s.notifications.length > 0 && s);
    expect(state.notifications).toEqual([
      expect.objectContaining({ title: 'Bob Baker', body: message.body, closed: false }),
    ]);
    expect(state.window?.visible).toBe(false);
    await main.call('clickNotification', state.notifications[0]?.id);
    const after = await main.waitFor('the conversation opened', async (s) => {
      const opened = await main.hostEvents('onOpenConversation');
      return opened.length > 0 && s;
    });
    expect(await main.hostEvents('onOpenConversation')).toEqual([['c-bob']]);
    expect(after.window).toMatchObject({ visible: true, focused: true });
  });

  it('stays silent in do-not-disturb', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'dnd');
    await main.call('windowAction', 'hide');
    await main.bridge('reportIncomingMessage', message);
    // A later message after leaving DND does notify: the first one was really considered.
    await main.bridge('reportPresence', presence('available'));
    await main.bridge('reportIncomingMessage', { ...message, body: 'second' });
    const state = await main.waitFor('the second notification', (s) => s.notifications.length > 0 && s);
    expect(state.notifications.map((notification) => notification.body)).toEqual(['second']);
  });

  it('is not shown for the conversation on screen in the focused window', async (context) => {
    const main = launchMain(context);
    await signedIn(main, 'available');
    await main.bridge('reportView', { conversationId: 'c-bob', status: 'available' });
    await main.bridge('reportIncomingMessage', message);
    await main.bridge('reportIncomingMessage', { ...message, conversationId: 'c-carol', body: 'other' });
    const state = await main.waitFor(
      'the other conversation notified',
      (s) => s.notifications.length > 0 && s,
    );
    expect(state.notifications.map((notification) => notification.body)).toEqual(['other']);
  });
});

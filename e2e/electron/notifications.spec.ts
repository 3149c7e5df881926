import { expect, test } from './fixtures';

const message = (conversationId: string, body: string) => ({
  conversationId,
  conversationTitle: 'Bob Baker',
  senderName: 'Bob Baker',
  body,
  sentAt: Date.now(),
  mentionsMe: false,
});

test('a notification click shows the window and opens the conversation', async ({ beacon }) => {
  await beacon.bridge('reportPresence', beacon.presence('available'));
  await beacon.bridge('reportView', { conversationId: 'c-1', status: 'available' });
  await beacon.flush();
  await beacon.hook('hideWindow');
  expect(await beacon.hook('isWindowVisible')).toBe(false);

  await beacon.bridge('reportIncomingMessage', message('c-2', 'first'));
  await beacon.bridge('reportIncomingMessage', message('c-2', 'Are you coming?'));
  await expect
    .poll(() => beacon.hook('notifications'))
    .toEqual({
      'c-2': { title: 'Bob Baker', body: 'Are you coming?', silent: false },
    });

  await beacon.hook('clickNotification', 'c-2');
  await expect.poll(() => beacon.events()).toContainEqual({ type: 'open', conversationId: 'c-2' });
  expect(await beacon.hook('isWindowVisible')).toBe(true);
});

test('no notification in Do not disturb', async ({ beacon }) => {
  await beacon.bridge('reportPresence', beacon.presence('dnd'));
  await beacon.flush();
  await beacon.hook('hideWindow');
  await beacon.bridge('reportIncomingMessage', message('c-3', 'ping'));
  await beacon.flush();
  expect(await beacon.hook('notifications')).toEqual({});
});

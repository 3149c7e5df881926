import { expect, test } from './fixtures';

test('the tray menu changes the status, and the tray follows the reported presence', async ({ beacon }) => {
  await beacon.bridge('reportPresence', beacon.presence('available'));
  await expect.poll(async () => (await beacon.hook('tray'))?.tooltip).toBe('Beacon — Available');

  await beacon.hook('clickTrayItem', 'Busy');
  await expect.poll(() => beacon.events()).toContainEqual({ type: 'status', request: { status: 'busy' } });

  // The renderer sends it to the server and reports the server's answer back.
  await beacon.bridge('reportPresence', beacon.presence('busy'));
  await beacon.bridge('reportUnread', { total: 3, conversations: 2, mentions: 0 });
  await expect.poll(async () => (await beacon.hook('tray'))?.tooltip).toBe('Beacon — Busy · 3 unread');
  const tray = await beacon.hook('tray');
  expect(tray?.icon).toBe('busy-unread');
  expect(tray?.menu.find((item) => item.type === 'radio' && item.checked)).toMatchObject({ label: 'Busy' });
});

test('a change from another device (reported by the renderer) updates the tray', async ({ beacon }) => {
  await beacon.bridge('reportPresence', beacon.presence('available'));
  await beacon.bridge('reportPresence', beacon.presence('dnd'));
  await expect.poll(async () => (await beacon.hook('tray'))?.tooltip).toBe('Beacon — Do not disturb');
});

test('the bridge refuses bad input with a clear error', async ({ beacon }) => {
  await expect(beacon.bridge('openExternal', 'file:///etc/passwd')).rejects.toThrow(
    /only http, https and mailto/,
  );
  await expect(beacon.bridge('updateSettings', { idleMinutes: 0 })).rejects.toThrow(/idleMinutes/);
});

test('the tray tooltip gives the server’s reason (v2 presence)', async ({ beacon }) => {
  await beacon.bridge('reportPresence', {
    ...beacon.presence('away'),
    source: 'idle',
    activity: null,
    until: null,
  });
  await expect.poll(async () => (await beacon.hook('tray'))?.tooltip).toBe('Beacon — Away — idle');
});

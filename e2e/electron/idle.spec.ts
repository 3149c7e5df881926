import { expect, test } from './fixtures';

test('simulated idle sets Away automatically and activity restores Available', async ({ beacon }) => {
  await beacon.bridge('reportPresence', beacon.presence('available'));

  await beacon.hook('setSystemIdleSeconds', 301);
  await expect
    .poll(() => beacon.events())
    .toContainEqual({
      type: 'status',
      request: { status: 'away', auto: true, idleSince: expect.any(Number) },
    });
  await beacon.bridge('reportPresence', beacon.presence('away'));
  await expect.poll(async () => (await beacon.hook('idle')).phase).toBe('idle');

  await beacon.hook('setSystemIdleSeconds', 0);
  await expect
    .poll(() => beacon.events())
    .toContainEqual({ type: 'status', request: { status: 'available', auto: true, idleSince: null } });
});

test('locking the screen sets Away at once; Busy is never overridden', async ({ beacon }) => {
  await beacon.bridge('reportPresence', beacon.presence('available'));
  await beacon.flush();
  await beacon.hook('powerEvent', 'lock-screen');
  await expect
    .poll(() => beacon.events())
    .toContainEqual({
      type: 'status',
      request: { status: 'away', auto: true, idleSince: expect.any(Number) },
    });
  await beacon.hook('powerEvent', 'unlock-screen');
  await expect
    .poll(() => beacon.events())
    .toContainEqual({ type: 'status', request: { status: 'available', auto: true, idleSince: null } });

  await beacon.bridge('reportPresence', beacon.presence('busy'));
  await beacon.flush();
  await beacon.hook('powerEvent', 'lock-screen');
  await expect
    .poll(() => beacon.events())
    .toContainEqual({ type: 'status', request: { status: 'busy', idleSince: expect.any(Number) } });
});

test.describe('with the idle threshold locked by policy', () => {
  test.use({ policy: { mandatory: { idleMinutes: 15 } } });

  test('the Settings view shows it locked and the threshold applies', async ({ beacon }) => {
    const view = (await beacon.bridge('getSettings')) as {
      values: { idleMinutes: number };
      locked: string[];
    };
    expect(view.values.idleMinutes).toBe(15);
    expect(view.locked).toContain('idleMinutes');
    await expect(beacon.bridge('updateSettings', { idleMinutes: 5 })).rejects.toThrow(/administrator/);
    await beacon.bridge('reportPresence', beacon.presence('available'));
    await beacon.flush();
    await beacon.hook('setSystemIdleSeconds', 600);
    expect((await beacon.hook('idle')).phase).toBe('active');
  });
});

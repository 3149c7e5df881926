import { expect, test } from './fixtures';

const activity = (state: string) => ({
  type: 'activity',
  report: expect.objectContaining({ state, since: expect.any(Number), label: expect.any(String) }),
});

test('simulated idle is reported as device activity, activity as active — never as a status', async ({
  beacon,
}) => {
  await beacon.bridge('reportPresence', beacon.presence('available'));

  await beacon.hook('setSystemIdleSeconds', 301);
  await expect.poll(() => beacon.events()).toContainEqual(activity('idle'));
  await expect.poll(async () => (await beacon.hook('idle')).state).toBe('idle');

  await beacon.hook('setSystemIdleSeconds', 0);
  await expect.poll(() => beacon.events()).toContainEqual(activity('active'));
  expect((await beacon.events()).some((event) => event.type === 'status')).toBe(false);
});

test('locking the screen is reported at once, unlocking as active; a reloaded page reads it', async ({
  beacon,
}) => {
  await beacon.bridge('reportPresence', beacon.presence('busy'));
  await beacon.flush();
  await beacon.hook('powerEvent', 'lock-screen');
  await expect.poll(() => beacon.events()).toContainEqual(activity('locked'));
  expect(await beacon.bridge('getDeviceActivity')).toMatchObject({ state: 'locked' });
  await beacon.hook('powerEvent', 'unlock-screen');
  await expect.poll(() => beacon.events()).toContainEqual(activity('active'));
  expect((await beacon.events()).some((event) => event.type === 'status')).toBe(false);
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
    expect((await beacon.hook('idle')).state).toBe('active');
  });
});

import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../common/bridge';
import { DEFAULT_SETTINGS } from '../../common/bridge-schemas';
import { RecordingLogger } from '../testing/fakes';
import { EMPTY_POLICY, type ManagedPolicy } from './policy';
import { SettingsError, SettingsStore } from './settings-store';

async function setup(policy: ManagedPolicy = EMPTY_POLICY, fileContent?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'beacon-settings-'));
  const file = join(dir, 'settings.json');
  if (fileContent !== undefined) await writeFile(file, fileContent);
  const log = new RecordingLogger();
  const store = await SettingsStore.open({ file, policy, log, now: () => Date.UTC(2025, 0, 1) });
  return { dir, file, log, store };
}

describe('SettingsStore', () => {
  it('starts from the defaults without a file', async () => {
    const { store } = await setup();
    expect(store.view).toEqual({ values: DEFAULT_SETTINGS, locked: [] });
  });

  it('stores only the user choices and reads them back', async () => {
    const { file, store } = await setup();
    await store.update({ idleMinutes: 12, quietHours: { enabled: true, start: '18:30', end: '07:45' } });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 1,
      values: { idleMinutes: 12, quietHours: { enabled: true, start: '18:30', end: '07:45' } },
    });
    const reopened = await SettingsStore.open({ file, policy: EMPTY_POLICY, log: new RecordingLogger() });
    expect(reopened.values.idleMinutes).toBe(12);
    expect(reopened.values.quietHours.start).toBe('18:30');
  });

  it('tells listeners about a real change only', async () => {
    const { store } = await setup();
    const seen: SettingsView[] = [];
    store.onChange((view) => seen.push(view));
    await store.update({ notificationSound: false });
    await store.update({ notificationSound: false });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.values.notificationSound).toBe(false);
  });

  it.each([
    [{ idleMinutes: 0 }, /idleMinutes/],
    [{ idleMinutes: 'five' }, /idleMinutes/],
    [
      { quietHours: { enabled: true, start: '25:00', end: '08:00' } },
      /quietHours\.start: must be a 24-hour time/,
    ],
    [{ serverUrl: 'javascript:alert(1)' }, /serverUrl: must be an http/],
    [{ theme: 'dark' }, /theme|Unrecognized/i],
    ['everything', /Invalid settings/],
  ])('rejects %j with a message naming the problem, storing nothing', async (patch, message) => {
    const { store, file } = await setup();
    await expect(store.update(patch)).rejects.toThrow(message);
    await expect(store.update(patch)).rejects.toBeInstanceOf(SettingsError);
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  it('refuses to change a locked setting and shows it as locked', async () => {
    const { store } = await setup({ ...EMPTY_POLICY, mandatory: { idleMinutes: 10 } });
    expect(store.view.locked).toEqual(['idleMinutes']);
    await expect(store.update({ idleMinutes: 3 })).rejects.toThrow(/set by your administrator/);
    expect(store.values.idleMinutes).toBe(10);
  });

  it('keeps a corrupt file aside and starts from the defaults', async () => {
    const { dir, store, log } = await setup(EMPTY_POLICY, '{"values": {"idleMinutes": ');
    expect(store.values).toEqual(DEFAULT_SETTINGS);
    expect((await readdir(dir)).some((name) => name.startsWith('settings.json.unreadable-'))).toBe(true);
    expect(log.messages('warn')).toContain('settings file unreadable; starting from defaults');
  });

  it('drops only the invalid values of a hand-edited file, keeping a copy', async () => {
    const { dir, store, log } = await setup(
      EMPTY_POLICY,
      JSON.stringify({ version: 1, values: { idleMinutes: -4, notificationSound: false, bogus: 1 } }),
    );
    expect(store.values.idleMinutes).toBe(DEFAULT_SETTINGS.idleMinutes);
    expect(store.values.notificationSound).toBe(false);
    expect((await readdir(dir)).some((name) => name.startsWith('settings.json.invalid-'))).toBe(true);
    expect(log.lines.find((line) => line.level === 'warn')?.details?.problems).toEqual([
      expect.stringMatching(/^idleMinutes: /),
      'bogus: not a setting',
    ]);
  });

  it('applies launch overrides without saving them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-settings-'));
    const file = join(dir, 'settings.json');
    const store = await SettingsStore.open({
      file,
      policy: EMPTY_POLICY,
      overrides: { serverUrl: 'http://127.0.0.1:7878' },
      log: new RecordingLogger(),
    });
    await store.update({ flashTaskbar: false });
    expect(store.values.serverUrl).toBe('http://127.0.0.1:7878');
    expect(JSON.parse(await readFile(file, 'utf8')).values).toEqual({ flashTaskbar: false });
  });

  it('serialises concurrent updates', async () => {
    const { store, file } = await setup();
    await Promise.all([store.update({ idleMinutes: 2 }), store.update({ notificationSound: false })]);
    expect(JSON.parse(await readFile(file, 'utf8')).values).toEqual({
      idleMinutes: 2,
      notificationSound: false,
    });
  });
});

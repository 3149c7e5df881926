import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/bridge-schemas';
import { EMPTY_POLICY, type ManagedPolicy } from './policy';
import { applyPatch, resolveSettings } from './settings-model';

const policy = (partial: Partial<ManagedPolicy>): ManagedPolicy => ({ ...EMPTY_POLICY, ...partial });

describe('resolveSettings', () => {
  it('is the defaults with nothing set', () => {
    expect(resolveSettings({ user: {}, policy: EMPTY_POLICY })).toEqual({
      values: DEFAULT_SETTINGS,
      locked: [],
    });
  });

  it('layers defaults < recommended < user < launch overrides < mandatory', () => {
    const view = resolveSettings({
      user: { idleMinutes: 7, notificationSound: true, serverUrl: 'https://mine.test' },
      overrides: { serverUrl: 'http://127.0.0.1:7878' },
      policy: policy({
        recommended: { notificationSound: false, flashTaskbar: false, idleMinutes: 20 },
        mandatory: { idleMinutes: 10, autoUpdate: false },
      }),
    });
    expect(view.values).toEqual({
      ...DEFAULT_SETTINGS,
      idleMinutes: 10,
      notificationSound: true,
      flashTaskbar: false,
      autoUpdate: false,
      serverUrl: 'http://127.0.0.1:7878',
    });
    expect(view.locked).toEqual(['idleMinutes', 'autoUpdate']);
  });

  it('a mandated server URL beats the launch override and is locked', () => {
    const view = resolveSettings({
      user: {},
      overrides: { serverUrl: 'http://127.0.0.1:7878' },
      policy: policy({ mandatory: { serverUrl: 'https://chat.acme.test', launchAtLogin: true } }),
    });
    expect(view.values.serverUrl).toBe('https://chat.acme.test');
    expect(view.values.launchAtLogin).toBe(true);
    expect(view.locked).toEqual(['launchAtLogin', 'serverUrl']);
  });

  it('does not share the defaults object between views', () => {
    const view = resolveSettings({ user: {}, policy: EMPTY_POLICY });
    view.values.quietHours.start = '00:00';
    expect(DEFAULT_SETTINGS.quietHours.start).toBe('18:00');
  });
});

describe('applyPatch', () => {
  const locked = policy({
    mandatory: { idleMinutes: 10, quietHours: { enabled: true, start: '19:00', end: '07:00' } },
  });

  it('adds the patch to the user layer', () => {
    expect(applyPatch({ idleMinutes: 3 }, { notificationSound: false }, EMPTY_POLICY)).toEqual({
      ok: true,
      user: { idleMinutes: 3, notificationSound: false },
    });
  });

  it('refuses a different value for a locked setting, naming it', () => {
    expect(applyPatch({}, { idleMinutes: 3, notificationSound: false }, locked)).toEqual({
      ok: false,
      error: 'idleMinutes is set by your administrator and cannot be changed',
    });
  });

  it('accepts the locked value repeated (a form that sends everything)', () => {
    const result = applyPatch(
      {},
      { idleMinutes: 10, quietHours: { enabled: true, start: '19:00', end: '07:00' }, flashTaskbar: false },
      locked,
    );
    expect(result).toEqual({ ok: true, user: { flashTaskbar: false } });
  });
});

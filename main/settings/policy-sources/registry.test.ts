import { describe, expect, it } from 'vitest';
import { dword, FakeRegistry, key, sz } from './fake-registry';
import {
  parseDword,
  parseRegistryPolicy,
  REGISTRY_POLICY_PATH,
  readRegistryPolicy,
  registryLocation,
} from './registry';

describe('parseRegistryPolicy', () => {
  it('maps REG_DWORD to numbers and 0/1 booleans, REG_SZ to strings, a subkey to an object', () => {
    const layer = parseRegistryPolicy(
      key(
        [
          dword('idleMinutes', 30),
          dword('autoUpdate', 0),
          dword('launchAtLogin', 1),
          sz('serverUrl', 'https://chat.acme.test'),
          sz('updateUrl', 'https://updates.acme.test/beacon/'),
        ],
        {
          quietHours: key([dword('enabled', 1), sz('start', '19:00'), sz('end', '07:30')]),
          Recommended: key([dword('notificationSound', 0), dword('idleMinutes', 15)], {
            quietHours: key([dword('enabled', 0), sz('start', '22:00'), sz('end', '06:00')]),
          }),
        },
      ),
    );
    expect(layer).toEqual({
      mandatory: {
        idleMinutes: 30,
        autoUpdate: false,
        launchAtLogin: true,
        serverUrl: 'https://chat.acme.test',
        quietHours: { enabled: true, start: '19:00', end: '07:30' },
      },
      recommended: {
        notificationSound: false,
        idleMinutes: 15,
        quietHours: { enabled: false, start: '22:00', end: '06:00' },
      },
      updateUrl: 'https://updates.acme.test/beacon/',
      problems: [],
    });
  });

  it('matches names case-insensitively, as Windows does', () => {
    const layer = parseRegistryPolicy(
      key([dword('IdleMinutes', 12)], { RECOMMENDED: key([dword('FlashTaskbar', 0)]) }),
    );
    expect(layer.mandatory).toEqual({ idleMinutes: 12 });
    expect(layer.recommended).toEqual({ flashTaskbar: false });
  });

  it('reports each bad value and keeps the rest', () => {
    const layer = parseRegistryPolicy(
      key(
        [
          dword('idleMinutes', 481),
          sz('autoUpdate', 'false'),
          dword('notificationSound', 2),
          dword('serverUrl', 1),
          sz('quietHours', '{"enabled":true}'),
          sz('colour', 'blue'),
          sz('updateUrl', 'ftp://x'),
          dword('startHidden', 0),
          { name: '(Default)', type: 'REG_SZ', data: '(value not set)' },
        ],
        {
          Recommended: key([sz('updateUrl', 'https://u.test/'), sz('idleMinutes', '5')]),
          Extras: key([]),
        },
      ),
    );
    expect(layer.mandatory).toEqual({ startHidden: false });
    expect(layer.recommended).toEqual({});
    expect(layer.updateUrl).toBeNull();
    expect(layer.problems).toEqual([
      'idleMinutes: value: Too big: expected number to be <=480; ignored',
      'autoUpdate: must be a REG_DWORD of 0 or 1 (found REG_SZ); ignored',
      'notificationSound: must be a REG_DWORD of 0 or 1 (found REG_DWORD 2); ignored',
      'serverUrl: must be a REG_SZ (found REG_DWORD 1); ignored',
      'quietHours: must be a subkey quietHours holding the values enabled, start, end; ignored',
      'colour: not a Beacon policy; ignored',
      'updateUrl: must be an http:// or https:// address; ignored',
      'Recommended\\updateUrl: updateUrl is only read as a mandatory value; ignored',
      'Recommended\\idleMinutes: must be a REG_DWORD (found REG_SZ); ignored',
      'Extras: not a Beacon policy subkey; ignored',
    ]);
  });

  it('validates an object subkey with the settings schema as a whole', () => {
    const layer = parseRegistryPolicy(
      key([], {
        quietHours: key([dword('enabled', 1), sz('start', '25:00'), sz('end', '07:00')]),
        Recommended: key([], {
          quietHours: key([dword('enabled', 1), sz('start', '20:00'), sz('end', '07:00'), sz('days', 'all')]),
        }),
      }),
    );
    expect(layer.mandatory).toEqual({});
    expect(layer.recommended).toEqual({});
    expect(layer.problems).toHaveLength(2);
    expect(layer.problems[0]).toMatch(/^quietHours: start: must be a 24-hour time like 08:30; ignored$/);
    expect(layer.problems[1]).toMatch(/^Recommended\\quietHours: .*days.*; ignored$/);
  });

  it('names a field of the wrong registry type, and a missing field', () => {
    const layer = parseRegistryPolicy(
      key([], {
        quietHours: key([sz('enabled', 'yes'), sz('start', '20:00'), sz('end', '07:00')]),
        Recommended: key([], { quietHours: key([dword('enabled', 1), sz('start', '20:00')]) }),
      }),
    );
    expect(layer.mandatory).toEqual({});
    expect(layer.recommended).toEqual({});
    expect(layer.problems[0]).toBe(
      'quietHours\\enabled: must be a REG_DWORD of 0 or 1 (found REG_SZ); quietHours ignored',
    );
    expect(layer.problems[1]).toMatch(/^Recommended\\quietHours: end: .*; ignored$/);
  });

  it('treats an empty object subkey as not configured (a disabled Group Policy leaves one)', () => {
    const layer = parseRegistryPolicy(key([], { quietHours: key([]) }));
    expect(layer).toEqual({ mandatory: {}, recommended: {}, updateUrl: null, problems: [] });
  });
});

describe('parseDword', () => {
  it('reads reg.exe hexadecimal and plain decimal', () => {
    expect(parseDword('0x1e')).toBe(30);
    expect(parseDword('0xffffffff')).toBe(4294967295);
    expect(parseDword('12')).toBe(12);
    expect(parseDword('0x100000000')).toBeNull();
    expect(parseDword('ten')).toBeNull();
    expect(parseDword('-1')).toBeNull();
  });
});

describe('readRegistryPolicy', () => {
  it('reads the Policies key of the hive asked for, two levels deep', async () => {
    const registry = new FakeRegistry().set('HKLM', REGISTRY_POLICY_PATH, key([dword('idleMinutes', 9)])).set(
      'HKCU',
      REGISTRY_POLICY_PATH,
      key([], {
        Recommended: key([], {
          quietHours: key([dword('enabled', 1), sz('start', '20:00'), sz('end', '06:00')]),
        }),
      }),
    );
    expect((await readRegistryPolicy(registry, 'HKLM'))?.mandatory).toEqual({ idleMinutes: 9 });
    expect((await readRegistryPolicy(registry, 'HKCU'))?.recommended).toEqual({
      quietHours: { enabled: true, start: '20:00', end: '06:00' },
    });
    expect(registry.reads).toEqual(['HKLM\\SOFTWARE\\Policies\\Beacon', 'HKCU\\SOFTWARE\\Policies\\Beacon']);
    expect(registryLocation('HKCU')).toBe('HKCU\\SOFTWARE\\Policies\\Beacon');
  });

  it('gives null when the key does not exist', async () => {
    expect(await readRegistryPolicy(new FakeRegistry(), 'HKLM')).toBeNull();
  });
});

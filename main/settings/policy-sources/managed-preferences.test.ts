import { build, buildBinary } from 'plist';
import { describe, expect, it } from 'vitest';
import {
  managedPreferencesPaths,
  parseManagedPreferences,
  parsePlistBytes,
  readManagedPreferences,
} from './managed-preferences';

const PREFS = {
  PayloadUUID: '0F0F0F0F-0000-4000-8000-000000000001',
  PayloadType: 'org.beacon.desktop',
  serverUrl: 'https://chat.acme.test',
  idleMinutes: 20,
  autoUpdate: false,
  quietHours: { enabled: true, start: '19:00', end: '07:00' },
  updateUrl: 'https://updates.acme.test/beacon/',
  Recommended: { notificationSound: false, startHidden: false },
};

const EXPECTED = {
  mandatory: {
    serverUrl: 'https://chat.acme.test',
    idleMinutes: 20,
    autoUpdate: false,
    quietHours: { enabled: true, start: '19:00', end: '07:00' },
  },
  recommended: { notificationSound: false, startHidden: false },
  updateUrl: 'https://updates.acme.test/beacon/',
  problems: [],
};

function files(entries: Record<string, Uint8Array | Error>) {
  const reads: string[] = [];
  const readFile = async (path: string) => {
    reads.push(path);
    const entry = entries[path];
    if (entry instanceof Error) throw entry;
    return entry ?? null;
  };
  return { reads, readFile };
}

describe('managedPreferencesPaths', () => {
  it('has the device file and the user file', () => {
    expect(managedPreferencesPaths('ada')).toEqual({
      machine: '/Library/Managed Preferences/org.beacon.desktop.plist',
      user: '/Library/Managed Preferences/ada/org.beacon.desktop.plist',
    });
  });
  it('has no user file for a missing or odd user name', () => {
    expect(managedPreferencesPaths(undefined).user).toBeNull();
    expect(managedPreferencesPaths('../etc').user).toBeNull();
    expect(managedPreferencesPaths('..').user).toBeNull();
  });
});

describe('readManagedPreferences', () => {
  it('reads a binary plist (the usual form) with bplist-parser', async () => {
    const bytes = buildBinary(PREFS);
    expect(Buffer.from(bytes).subarray(0, 8).toString('latin1')).toBe('bplist00');
    const { readFile } = files({ '/p.plist': bytes });
    expect(await readManagedPreferences(readFile, '/p.plist')).toEqual(EXPECTED);
  });

  it('reads an XML plist', async () => {
    const { readFile } = files({ '/p.plist': Buffer.from(build(PREFS)) });
    expect(await readManagedPreferences(readFile, '/p.plist')).toEqual(EXPECTED);
  });

  it('gives null for no file and reports one that is not a plist', async () => {
    const { readFile } = files({ '/bad.plist': Buffer.from('<plist><dict><key>x</key>') });
    expect(await readManagedPreferences(readFile, '/none.plist')).toBeNull();
    const bad = await readManagedPreferences(readFile, '/bad.plist');
    expect(bad?.mandatory).toEqual({});
    expect(bad?.problems).toHaveLength(1);
    expect(bad?.problems[0]).toMatch(/^not a valid property list \(.+\); ignored$/);
  });

  it('lets a read error through (the caller reports it)', async () => {
    const { readFile } = files({
      '/p.plist': Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }),
    });
    await expect(readManagedPreferences(readFile, '/p.plist')).rejects.toThrow(/EACCES/);
  });
});

describe('parseManagedPreferences', () => {
  it('reports each bad key and keeps the rest', () => {
    const layer = parseManagedPreferences({
      idleMinutes: 0,
      notificationsEnabled: 'yes',
      quietHours: { enabled: true, start: '7pm', end: '07:00' },
      launchAtLogin: true,
      colour: 'blue',
      updateUrl: 'file:///etc/passwd',
      Recommended: { flashTaskbar: false, updateUrl: 'https://u.test/', idleMinutes: 2.5 },
    });
    expect(layer.mandatory).toEqual({ launchAtLogin: true });
    expect(layer.recommended).toEqual({ flashTaskbar: false });
    expect(layer.updateUrl).toBeNull();
    expect(layer.problems).toEqual([
      'idleMinutes: value: Too small: expected number to be >=1; ignored',
      'notificationsEnabled: value: Invalid input: expected boolean, received string; ignored',
      'quietHours: start: must be a 24-hour time like 08:30; ignored',
      'colour: not a Beacon policy; ignored',
      'updateUrl: must be an http:// or https:// address; ignored',
      'Recommended.updateUrl: updateUrl is only read as a mandatory value; ignored',
      'Recommended.idleMinutes: value: Invalid input: expected int, received number; ignored',
    ]);
  });

  it('refuses a root that is not a dictionary, and a Recommended that is not one', () => {
    expect(parseManagedPreferences(['idleMinutes']).problems).toEqual(['must be a dictionary; ignored']);
    expect(parseManagedPreferences({ Recommended: 'all' }).problems).toEqual([
      'Recommended: must be a dictionary of settings; ignored',
    ]);
  });
});

describe('parsePlistBytes', () => {
  it('tells binary from XML by the magic bytes', () => {
    expect(parsePlistBytes(buildBinary({ a: 1 }))).toEqual({ a: 1 });
    expect(parsePlistBytes(Buffer.from(build({ a: 'b' })))).toEqual({ a: 'b' });
  });
});

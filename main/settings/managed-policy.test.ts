import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBinary } from 'plist';
import { describe, expect, it } from 'vitest';
import { combinePolicies, loadManagedPolicy, readFileOrNull } from './managed-policy';
import { EMPTY_POLICY } from './policy';
import { dword, FakeRegistry, key, sz } from './policy-sources/fake-registry';
import { REGISTRY_POLICY_PATH } from './policy-sources/registry';
import { resolveSettings } from './settings-model';

const WIN_JSON = 'C:\\ProgramData\\Beacon\\policy.json';
const MAC_JSON = '/Library/Application Support/Beacon/policy.json';
const MAC_DEVICE = '/Library/Managed Preferences/org.beacon.desktop.plist';
const MAC_USER = '/Library/Managed Preferences/ada/org.beacon.desktop.plist';

function fakeFiles(entries: Record<string, unknown>) {
  const reads: string[] = [];
  const readFile = async (path: string): Promise<Uint8Array | null> => {
    reads.push(path);
    const entry = entries[path];
    if (entry === undefined) return null;
    if (entry instanceof Error) throw entry;
    if (entry instanceof Uint8Array) return entry;
    return Buffer.from(JSON.stringify(entry));
  };
  return { reads, readFile };
}

const never = () => {
  throw new Error('must not be read');
};

describe('loadManagedPolicy on Windows', () => {
  it('is the empty policy when nothing is configured (the normal case)', async () => {
    const registry = new FakeRegistry();
    const { readFile, reads } = fakeFiles({});
    const policy = await loadManagedPolicy({ platform: 'win32', env: {}, registry, readFile });
    expect(policy).toEqual(EMPTY_POLICY);
    expect(registry.reads.sort()).toEqual([
      'HKCU\\SOFTWARE\\Policies\\Beacon',
      'HKLM\\SOFTWARE\\Policies\\Beacon',
    ]);
    expect(reads).toEqual([WIN_JSON]);
  });

  it('machine beats user, the user beats recommended, and says which source locked each key', async () => {
    const registry = new FakeRegistry()
      .set(
        'HKLM',
        REGISTRY_POLICY_PATH,
        key([dword('idleMinutes', 10)], { Recommended: key([dword('flashTaskbar', 0)]) }),
      )
      .set(
        'HKCU',
        REGISTRY_POLICY_PATH,
        key(
          [dword('idleMinutes', 3), dword('launchAtLogin', 1), sz('updateUrl', 'https://user.test/feed/')],
          {
            Recommended: key([dword('flashTaskbar', 1), dword('notificationSound', 0)]),
          },
        ),
      );
    const { readFile } = fakeFiles({ [WIN_JSON]: { mandatory: { autoUpdate: false } } });
    const policy = await loadManagedPolicy({ platform: 'win32', env: {}, registry, readFile });
    expect(policy.mandatory).toEqual({ idleMinutes: 10, autoUpdate: false, launchAtLogin: true });
    expect(policy.recommended).toEqual({ flashTaskbar: false, notificationSound: false });
    expect(policy.updateUrl).toBe('https://user.test/feed/');
    expect(policy.lockedBy).toEqual({
      idleMinutes: 'Windows policy for this computer',
      autoUpdate: 'policy file',
      launchAtLogin: 'Windows policy for your account',
    });
    expect(policy.sources?.map((source) => source.id)).toEqual(['registry-machine', 'json', 'registry-user']);
    expect(policy.source).toBe(
      `HKLM\\SOFTWARE\\Policies\\Beacon, ${WIN_JSON}, HKCU\\SOFTWARE\\Policies\\Beacon`,
    );
    expect(policy.problems).toEqual([
      'HKCU\\SOFTWARE\\Policies\\Beacon: idleMinutes: also set by HKLM\\SOFTWARE\\Policies\\Beacon, which wins; ignored',
    ]);

    // And through the settings model: the user's own choice sits between the two policy halves.
    const view = resolveSettings({
      user: { idleMinutes: 60, notificationSound: true, flashTaskbar: true, startHidden: false },
      policy,
    });
    expect(view.values).toMatchObject({
      idleMinutes: 10,
      autoUpdate: false,
      launchAtLogin: true,
      notificationSound: true,
      flashTaskbar: true,
      startHidden: false,
    });
    expect(view.locked).toEqual(['idleMinutes', 'launchAtLogin', 'autoUpdate']);
    expect(view.lockedBy).toEqual(policy.lockedBy);
  });

  it('lets the registry win over the JSON file for the machine, naming the conflict', async () => {
    const registry = new FakeRegistry().set(
      'HKLM',
      REGISTRY_POLICY_PATH,
      key([sz('serverUrl', 'https://gpo.test')]),
    );
    const { readFile } = fakeFiles({
      [WIN_JSON]: { mandatory: { serverUrl: 'https://json.test' }, updateUrl: 'https://json.test/feed/' },
    });
    const policy = await loadManagedPolicy({ platform: 'win32', env: {}, registry, readFile });
    expect(policy.mandatory.serverUrl).toBe('https://gpo.test');
    expect(policy.updateUrl).toBe('https://json.test/feed/');
    expect(policy.lockedBy?.serverUrl).toBe('Windows policy for this computer');
    expect(policy.problems).toEqual([
      `${WIN_JSON}: serverUrl: also set by HKLM\\SOFTWARE\\Policies\\Beacon, which wins; ignored`,
    ]);
  });

  it("lists every source's problems, prefixed with where they are, and applies the rest", async () => {
    const registry = new FakeRegistry()
      .set('HKLM', REGISTRY_POLICY_PATH, key([dword('idleMinutes', 0), dword('autoUpdate', 0)]))
      .fail('HKCU', REGISTRY_POLICY_PATH, new Error('reg.exe not found'));
    const { readFile } = fakeFiles({ [WIN_JSON]: { mandatory: { startHidden: 'no' } } });
    const policy = await loadManagedPolicy({
      platform: 'win32',
      env: { ProgramData: 'C:\\ProgramData' },
      registry,
      readFile,
    });
    expect(policy.mandatory).toEqual({ autoUpdate: false });
    expect(policy.problems).toEqual([
      'HKLM\\SOFTWARE\\Policies\\Beacon: idleMinutes: value: Too small: expected number to be >=1; ignored',
      `${WIN_JSON}: mandatory.startHidden: value: Invalid input: expected boolean, received string; ignored`,
      'HKCU\\SOFTWARE\\Policies\\Beacon: cannot be read: reg.exe not found',
    ]);
  });

  it('skips a source that does not answer in time, reporting it', async () => {
    const registry = {
      readKey: (hive: string) =>
        hive === 'HKLM'
          ? new Promise<never>(() => undefined)
          : Promise.resolve(key([dword('idleMinutes', 7)])),
    };
    const { readFile } = fakeFiles({});
    const policy = await loadManagedPolicy({ platform: 'win32', env: {}, registry, readFile, timeoutMs: 20 });
    expect(policy.mandatory).toEqual({ idleMinutes: 7 });
    expect(policy.problems).toEqual([
      'HKLM\\SOFTWARE\\Policies\\Beacon: cannot be read: no answer within 20 ms',
    ]);
  });

  it('reads only the JSON file when told to (BEACON_POLICY_FILE in an unpackaged build)', async () => {
    const registry = { readKey: never };
    const { readFile, reads } = fakeFiles({ '/tmp/test-policy.json': { mandatory: { idleMinutes: 2 } } });
    const policy = await loadManagedPolicy({
      platform: 'win32',
      env: {},
      jsonPath: '/tmp/test-policy.json',
      osSources: false,
      registry,
      readFile,
    });
    expect(policy.mandatory).toEqual({ idleMinutes: 2 });
    expect(policy.lockedBy).toEqual({ idleMinutes: 'policy file' });
    expect(reads).toEqual(['/tmp/test-policy.json']);
  });
});

describe('loadManagedPolicy on macOS', () => {
  it('combines the device profile, the JSON file and the user profile', async () => {
    const { readFile, reads } = fakeFiles({
      [MAC_DEVICE]: buildBinary({
        PayloadUUID: 'x',
        idleMinutes: 15,
        Recommended: { notificationSound: false },
      }),
      [MAC_JSON]: {
        mandatory: { autoUpdate: false },
        recommended: { notificationSound: true, flashTaskbar: false },
      },
      [MAC_USER]: buildBinary({
        idleMinutes: 1,
        quietHours: { enabled: true, start: '20:00', end: '06:00' },
      }),
    });
    const policy = await loadManagedPolicy({
      platform: 'darwin',
      env: {},
      readFile,
      username: 'ada',
      registry: { readKey: never },
    });
    expect(policy.mandatory).toEqual({
      idleMinutes: 15,
      autoUpdate: false,
      quietHours: { enabled: true, start: '20:00', end: '06:00' },
    });
    expect(policy.recommended).toEqual({ notificationSound: false, flashTaskbar: false });
    expect(policy.lockedBy).toEqual({
      idleMinutes: 'configuration profile for this Mac',
      autoUpdate: 'policy file',
      quietHours: 'configuration profile for your account',
    });
    expect(reads.sort()).toEqual([MAC_JSON, MAC_USER, MAC_DEVICE].sort());
    expect(policy.problems).toEqual([
      `${MAC_USER}: idleMinutes: also set by ${MAC_DEVICE}, which wins; ignored`,
    ]);
  });

  it('reports a profile it may not read and carries on', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const { readFile } = fakeFiles({ [MAC_DEVICE]: denied, [MAC_USER]: buildBinary({ startHidden: false }) });
    const policy = await loadManagedPolicy({ platform: 'darwin', env: {}, readFile, username: 'ada' });
    expect(policy.mandatory).toEqual({ startHidden: false });
    expect(policy.problems).toEqual([`${MAC_DEVICE}: cannot be read: EACCES: permission denied`]);
  });
});

describe('loadManagedPolicy on Linux', () => {
  it('reads the JSON file only, from disk by default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-policy-'));
    const file = join(dir, 'policy.json');
    await writeFile(
      file,
      JSON.stringify({ mandatory: { flashTaskbar: false }, updateUrl: 'https://u.test/' }),
    );
    const policy = await loadManagedPolicy({
      platform: 'linux',
      env: {},
      jsonPath: file,
      registry: { readKey: never },
    });
    expect(policy).toMatchObject({
      mandatory: { flashTaskbar: false },
      updateUrl: 'https://u.test/',
      source: file,
      problems: [],
      lockedBy: { flashTaskbar: 'policy file' },
    });
    expect(await loadManagedPolicy({ platform: 'linux', env: {}, jsonPath: join(dir, 'none.json') })).toEqual(
      EMPTY_POLICY,
    );
  });

  it('reports a JSON file that does not parse', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-policy-'));
    const file = join(dir, 'policy.json');
    await writeFile(file, '{ "mandatory": ');
    const policy = await loadManagedPolicy({ platform: 'linux', env: {}, jsonPath: file });
    expect(policy.mandatory).toEqual({});
    expect(policy.problems).toHaveLength(1);
    expect(policy.problems[0]).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`),
    );
  });
});

describe('combinePolicies', () => {
  it('keeps a user source after the machine ones whatever the order given', () => {
    const policy = combinePolicies([
      {
        info: { id: 'u', scope: 'user', label: 'user thing', location: 'U' },
        layer: { mandatory: { idleMinutes: 1 }, recommended: {}, updateUrl: 'https://u.test/', problems: [] },
      },
      {
        info: { id: 'm', scope: 'machine', label: 'machine thing', location: 'M' },
        layer: { mandatory: { idleMinutes: 2 }, recommended: {}, updateUrl: 'https://m.test/', problems: [] },
      },
    ]);
    expect(policy.mandatory).toEqual({ idleMinutes: 2 });
    expect(policy.updateUrl).toBe('https://m.test/');
    expect(policy.lockedBy).toEqual({ idleMinutes: 'machine thing' });
    expect(policy.problems).toEqual([
      'U: idleMinutes: also set by M, which wins; ignored',
      'U: updateUrl: also set by M, which wins; ignored',
    ]);
  });

  it('does not report the same value set twice', () => {
    const layer = { mandatory: { autoUpdate: false }, recommended: {}, updateUrl: null, problems: [] };
    const policy = combinePolicies([
      { info: { id: 'a', scope: 'machine', label: 'A', location: 'A' }, layer },
      { info: { id: 'b', scope: 'user', label: 'B', location: 'B' }, layer },
    ]);
    expect(policy.problems).toEqual([]);
    expect(policy.lockedBy).toEqual({ autoUpdate: 'A' });
  });
});

describe('readFileOrNull', () => {
  it('is null for a missing file or folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-policy-'));
    expect(await readFileOrNull(join(dir, 'none', 'x.plist'))).toBeNull();
    await writeFile(join(dir, 'f'), 'x');
    expect(await readFileOrNull(join(dir, 'f', 'x.plist'))).toBeNull();
    await expect(readFileOrNull(dir)).rejects.toThrow();
  });
});

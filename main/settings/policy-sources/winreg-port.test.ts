import { describe, expect, it } from 'vitest';
import type Registry from 'winreg';
import { createWinregPort } from './winreg-port';

type Item = { name: string; type: string; value: string };

/** Stands in for winreg's Registry class: what reg.exe would answer, by key path. */
function fakeWinreg(
  tree: Record<string, Item[]>,
  errors: Record<string, { code: number; message: string }> = {},
) {
  const created: Registry.Options[] = [];
  class FakeKey {
    readonly key: string;
    constructor(readonly options: Registry.Options) {
      created.push(options);
      this.key = options.key ?? '';
    }
    values(cb: (error: unknown, items?: Item[]) => void) {
      const error = errors[this.key];
      if (error) cb(Object.assign(new Error(error.message), { code: error.code }));
      else if (!(this.key in tree)) cb(Object.assign(new Error('unable to find the key'), { code: 1 }));
      else cb(null, tree[this.key]);
    }
    keys(cb: (error: unknown, keys?: FakeKey[]) => void) {
      const children = Object.keys(tree).filter(
        (path) => path.startsWith(`${this.key}\\`) && !path.slice(this.key.length + 1).includes('\\'),
      );
      cb(
        null,
        children.map((path) => new FakeKey({ ...this.options, key: path })),
      );
    }
  }
  return { created, Registry: FakeKey as unknown as new (options: Registry.Options) => Registry.Registry };
}

describe('createWinregPort', () => {
  it('reads a key with its subkeys as reg.exe reports them, in the 64-bit view', async () => {
    const fake = fakeWinreg({
      '\\SOFTWARE\\Policies\\Beacon': [{ name: 'idleMinutes', type: 'REG_DWORD', value: '0xa' }],
      '\\SOFTWARE\\Policies\\Beacon\\Recommended': [{ name: 'autoUpdate', type: 'REG_DWORD', value: '0x0' }],
      '\\SOFTWARE\\Policies\\Beacon\\Recommended\\quietHours': [
        { name: 'start', type: 'REG_SZ', value: '20:00' },
      ],
      '\\SOFTWARE\\Policies\\Beacon\\Recommended\\quietHours\\deeper': [],
    });
    const port = createWinregPort({ arch: 'x64', Registry: fake.Registry });
    expect(await port.readKey('HKLM', 'SOFTWARE\\Policies\\Beacon', 2)).toEqual({
      values: [{ name: 'idleMinutes', type: 'REG_DWORD', data: '0xa' }],
      subkeys: {
        Recommended: {
          values: [{ name: 'autoUpdate', type: 'REG_DWORD', data: '0x0' }],
          subkeys: {
            quietHours: { values: [{ name: 'start', type: 'REG_SZ', data: '20:00' }], subkeys: {} },
          },
        },
      },
    });
    expect(fake.created[0]).toEqual({ hive: 'HKLM', key: '\\SOFTWARE\\Policies\\Beacon', arch: 'x64' });
  });

  it('answers null for a missing key and throws any other reg.exe failure', async () => {
    const fake = fakeWinreg({}, { '\\SOFTWARE\\Policies\\Broken': { code: 5, message: 'access denied' } });
    const port = createWinregPort({ arch: null, Registry: fake.Registry });
    expect(await port.readKey('HKCU', 'SOFTWARE\\Policies\\Beacon', 2)).toBeNull();
    await expect(port.readKey('HKCU', 'SOFTWARE\\Policies\\Broken', 2)).rejects.toThrow('access denied');
    expect(fake.created[0]).toEqual({ hive: 'HKCU', key: '\\SOFTWARE\\Policies\\Beacon' });
  });
});

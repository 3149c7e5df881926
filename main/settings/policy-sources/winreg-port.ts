import Registry from 'winreg';
import type { RegistryHive, RegistryKeyData, RegistryPort } from './registry';

/**
 * The registry through winreg: pure JavaScript over Windows' own reg.exe, so nothing native is
 * shipped and it bundles into main like everything else. reg.exe exits with 1 for a missing key.
 */
export interface WinregPortOptions {
  /**
   * 'x64' reads the 64-bit view (reg.exe /reg:64), where Group Policy writes, even from a 32-bit
   * build on 64-bit Windows. Default: x64 whenever Windows is 64-bit.
   */
  arch?: 'x64' | 'x86' | null;
  /** Tests only: a stand-in for winreg's constructor. */
  Registry?: WinregConstructor;
}

type WinregConstructor = new (options: Registry.Options) => Registry.Registry;

export function createWinregPort(options: WinregPortOptions = {}): RegistryPort {
  const arch = options.arch === undefined ? defaultArch() : options.arch;
  const Constructor = options.Registry ?? (Registry as unknown as WinregConstructor);
  return {
    async readKey(hive: RegistryHive, path: string, depth: number): Promise<RegistryKeyData | null> {
      const key = new Constructor({
        hive: hive === 'HKLM' ? Registry.HKLM : Registry.HKCU,
        key: `\\${path}`,
        ...(arch ? { arch } : {}),
      });
      return readKey(key, depth);
    },
  };
}

async function readKey(key: Registry.Registry, depth: number): Promise<RegistryKeyData | null> {
  let items: Registry.RegistryItem[];
  try {
    items = await new Promise((resolve, reject) =>
      key.values((error, values) => (error ? reject(error) : resolve(values ?? []))),
    );
  } catch (error) {
    if (isMissingKey(error)) return null;
    throw error;
  }
  const data: RegistryKeyData = {
    values: items.map((item) => ({ name: item.name, type: item.type, data: item.value })),
    subkeys: {},
  };
  if (depth <= 0) return data;
  const children: Registry.Registry[] = await new Promise((resolve, reject) =>
    key.keys((error, keys) => (error ? reject(error) : resolve(keys ?? []))),
  );
  for (const child of children) {
    const name = child.key.split('\\').pop() ?? '';
    const sub = await readKey(child, depth - 1);
    if (name && sub) data.subkeys[name] = sub;
  }
  return data;
}

function isMissingKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 1;
}

function defaultArch(): 'x64' | null {
  const arch = process.arch;
  if (arch === 'x64' || arch === 'arm64') return 'x64';
  return process.env.PROCESSOR_ARCHITEW6432 ? 'x64' : null;
}

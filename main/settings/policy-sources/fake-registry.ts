import type { RegistryHive, RegistryKeyData, RegistryPort, RegistryValue } from './registry';

/** Test helpers: registry data the way reg.exe reports it. */
export function dword(name: string, value: number): RegistryValue {
  return { name, type: 'REG_DWORD', data: `0x${value.toString(16)}` };
}

export function sz(name: string, value: string): RegistryValue {
  return { name, type: 'REG_SZ', data: value };
}

export function key(values: RegistryValue[], subkeys: Record<string, RegistryKeyData> = {}): RegistryKeyData {
  return { values, subkeys };
}

/**
 * An in-memory registry: keys by "HIVE\\path" (case-insensitive, like Windows). Records what was
 * read, and can be told to fail, so tests see both the data path and the error path.
 */
export class FakeRegistry implements RegistryPort {
  readonly reads: string[] = [];
  private readonly keys = new Map<string, RegistryKeyData>();
  private readonly failures = new Map<string, Error>();

  set(hive: RegistryHive, path: string, data: RegistryKeyData): this {
    this.keys.set(`${hive}\\${path}`.toLowerCase(), data);
    return this;
  }

  fail(hive: RegistryHive, path: string, error: Error): this {
    this.failures.set(`${hive}\\${path}`.toLowerCase(), error);
    return this;
  }

  async readKey(hive: RegistryHive, path: string, depth: number): Promise<RegistryKeyData | null> {
    const id = `${hive}\\${path}`.toLowerCase();
    this.reads.push(`${hive}\\${path}`);
    const failure = this.failures.get(id);
    if (failure) throw failure;
    const data = this.keys.get(id);
    return data ? trim(data, depth) : null;
  }
}

function trim(data: RegistryKeyData, depth: number): RegistryKeyData {
  if (depth <= 0) return { values: data.values, subkeys: {} };
  return {
    values: data.values,
    subkeys: Object.fromEntries(
      Object.entries(data.subkeys).map(([name, sub]) => [name, trim(sub, depth - 1)]),
    ),
  };
}

import type { UserSettings } from '../../../common/bridge';
import { SETTING_KEYS } from '../../../common/bridge-schemas';
import {
  checkPolicyValue,
  emptyLayer,
  isSettingKey,
  type PolicyLayer,
  type PolicyValueType,
  policyValueType,
  setSetting,
  UPDATE_URL_KEY,
} from '../policy-schema';

/**
 * Windows policy in the registry, the Chromium/Edge way:
 *
 *   HKLM\SOFTWARE\Policies\Beacon               machine policy, mandatory values
 *   HKLM\SOFTWARE\Policies\Beacon\Recommended   machine policy, recommended values
 *   HKCU\SOFTWARE\Policies\Beacon[\Recommended] the same for the user
 *
 * Each setting is a value named after its key: REG_DWORD for numbers and booleans (0/1), REG_SZ
 * for strings. An object setting (quietHours) is a subkey named after it holding one value per
 * field (quietHours\enabled REG_DWORD, quietHours\start REG_SZ, …). Every value is validated with
 * the settings schema; a bad one is reported and ignored, the rest applies.
 */

export type RegistryHive = 'HKLM' | 'HKCU';

/** A value as reg.exe prints it: REG_DWORD data is hexadecimal ("0x1"), REG_SZ data the text. */
export interface RegistryValue {
  name: string;
  type: string;
  data: string;
}

export interface RegistryKeyData {
  values: RegistryValue[];
  /** By subkey name (the last part of its path). */
  subkeys: Record<string, RegistryKeyData>;
}

/** The only access to the registry: tests pass a fake, the app passes winreg (winreg-port.ts). */
export interface RegistryPort {
  /** The key and its subkeys down to `depth` levels; null when the key does not exist; throws when unreadable. */
  readKey(hive: RegistryHive, path: string, depth: number): Promise<RegistryKeyData | null>;
}

export const REGISTRY_POLICY_PATH = 'SOFTWARE\\Policies\\Beacon';
export const RECOMMENDED_SUBKEY = 'Recommended';

export function registryLocation(hive: RegistryHive): string {
  return `${hive}\\${REGISTRY_POLICY_PATH}`;
}

/** Reads one hive's policy; null when the key does not exist (the normal case). */
export async function readRegistryPolicy(
  port: RegistryPort,
  hive: RegistryHive,
): Promise<PolicyLayer | null> {
  const key = await port.readKey(hive, REGISTRY_POLICY_PATH, 2);
  return key === null ? null : parseRegistryPolicy(key);
}

export function parseRegistryPolicy(key: RegistryKeyData): PolicyLayer {
  const layer = emptyLayer();
  readSettingsKey(key, '', layer.mandatory, layer, true);
  return layer;
}

function readSettingsKey(
  key: RegistryKeyData,
  prefix: string,
  target: Partial<UserSettings>,
  layer: PolicyLayer,
  top: boolean,
): void {
  const { problems } = layer;
  for (const value of key.values) {
    if (isDefaultValue(value.name)) continue;
    const where = `${prefix}${value.name}`;
    const name = canonicalKey(value.name);
    if (name === UPDATE_URL_KEY) {
      if (!top) {
        problems.push(`${where}: updateUrl is only read as a mandatory value; ignored`);
        continue;
      }
      const converted = convertValue(value, policyValueType(UPDATE_URL_KEY));
      const checked = converted.ok ? checkPolicyValue(UPDATE_URL_KEY, converted.value) : converted;
      if (checked.ok) layer.updateUrl = checked.value as string;
      else problems.push(`${where}: ${checked.message}; ignored`);
      continue;
    }
    if (name === null || !isSettingKey(name)) {
      problems.push(`${where}: not a Beacon policy; ignored`);
      continue;
    }
    const type = policyValueType(name);
    if (type.kind === 'object') {
      problems.push(
        `${where}: must be a subkey ${name} holding the values ${Object.keys(type.fields).join(', ')}; ignored`,
      );
      continue;
    }
    const converted = convertValue(value, type);
    const checked = converted.ok ? checkPolicyValue(name, converted.value) : converted;
    if (checked.ok) setSetting(target, name, checked.value);
    else problems.push(`${where}: ${checked.message}; ignored`);
  }
  for (const [subName, sub] of Object.entries(key.subkeys)) {
    const where = `${prefix}${subName}`;
    if (top && subName.toLowerCase() === RECOMMENDED_SUBKEY.toLowerCase()) {
      readSettingsKey(sub, `${subName}\\`, layer.recommended, layer, false);
      continue;
    }
    const name = canonicalKey(subName);
    const type = name !== null && isSettingKey(name) ? policyValueType(name) : null;
    if (name === null || !isSettingKey(name) || type?.kind !== 'object') {
      problems.push(`${where}: not a Beacon policy subkey; ignored`);
      continue;
    }
    const object = readObjectKey(sub, type, where, problems);
    if (object === undefined || object === null) continue; // empty: not configured; null: reported
    const checked = checkPolicyValue(name, object);
    if (checked.ok) setSetting(target, name, checked.value);
    else problems.push(`${where}: ${checked.message}; ignored`);
  }
}

/**
 * A subkey as an object, one value per field; undefined when it holds nothing (not configured),
 * null when a field has the wrong registry type (reported here). Unknown fields are kept so that
 * the schema (strict objects) names them and refuses the value.
 */
function readObjectKey(
  key: RegistryKeyData,
  type: Extract<PolicyValueType, { kind: 'object' }>,
  where: string,
  problems: string[],
): Record<string, unknown> | undefined | null {
  const result: Record<string, unknown> = {};
  let found = false;
  let invalid = false;
  const fieldNames = Object.keys(type.fields);
  const fieldOf = (name: string) => fieldNames.find((field) => field.toLowerCase() === name.toLowerCase());
  for (const value of key.values) {
    if (isDefaultValue(value.name)) continue;
    found = true;
    const field = fieldOf(value.name);
    const fieldType = field === undefined ? undefined : type.fields[field];
    if (field === undefined || fieldType === undefined) {
      result[value.name] = value.data;
      continue;
    }
    const converted = convertValue(value, fieldType);
    if (converted.ok) result[field] = converted.value;
    else {
      problems.push(`${where}\\${value.name}: ${converted.message}; ${where} ignored`);
      invalid = true;
    }
  }
  for (const [subName, sub] of Object.entries(key.subkeys)) {
    const field = fieldOf(subName);
    const fieldType = field === undefined ? undefined : type.fields[field];
    if (field === undefined || fieldType?.kind !== 'object') {
      problems.push(`${where}\\${subName}: not a subkey of ${where}; ${where} ignored`);
      invalid = true;
      continue;
    }
    const nested = readObjectKey(sub, fieldType, `${where}\\${subName}`, problems);
    if (nested === null) invalid = true;
    else if (nested !== undefined) {
      result[field] = nested;
      found = true;
    }
  }
  if (invalid) return null;
  return found ? result : undefined;
}

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

/** Registry data to a JSON value of the setting's type (REG_DWORD → number/boolean, REG_SZ → string). */
function convertValue(value: RegistryValue, type: PolicyValueType): Converted {
  switch (type.kind) {
    case 'boolean': {
      const number = value.type === 'REG_DWORD' ? parseDword(value.data) : null;
      if (number === 0 || number === 1) return { ok: true, value: number === 1 };
      return { ok: false, message: `must be a REG_DWORD of 0 or 1 (found ${describe(value)})` };
    }
    case 'integer': {
      const number = value.type === 'REG_DWORD' ? parseDword(value.data) : null;
      if (number !== null) return { ok: true, value: number };
      return { ok: false, message: `must be a REG_DWORD (found ${describe(value)})` };
    }
    case 'string':
      if (value.type === 'REG_SZ') return { ok: true, value: value.data };
      return { ok: false, message: `must be a REG_SZ (found ${describe(value)})` };
    case 'object':
      return { ok: false, message: 'must be a subkey' };
  }
}

function describe(value: RegistryValue): string {
  return value.type === 'REG_DWORD' ? `REG_DWORD ${parseDword(value.data) ?? value.data}` : value.type;
}

/** reg.exe prints a DWORD as hexadecimal (0x1e); decimal is accepted too. */
export function parseDword(data: string): number | null {
  const text = data.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d{1,10}$/.test(text)) {
    const number = Number(text);
    return number <= 0xffffffff ? number : null;
  }
  return null;
}

function isDefaultValue(name: string): boolean {
  return name === '' || name === '(Default)';
}

/** Registry names are case-insensitive: "IdleMinutes" is idleMinutes. */
function canonicalKey(name: string): string | null {
  const lower = name.toLowerCase();
  if (lower === UPDATE_URL_KEY.toLowerCase()) return UPDATE_URL_KEY;
  return SETTING_KEY_BY_LOWER.get(lower) ?? null;
}

const SETTING_KEY_BY_LOWER = new Map<string, string>(SETTING_KEYS.map((key) => [key.toLowerCase(), key]));

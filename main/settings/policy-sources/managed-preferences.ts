import { posix } from 'node:path';
import { parseBuffer } from 'bplist-parser';
import { parse as parseXmlPlist } from 'plist';
import type { UserSettings } from '../../../common/bridge';
import { errorMessage } from '../../logger';
import {
  checkPolicyValue,
  emptyLayer,
  isSettingKey,
  type PolicyLayer,
  setSetting,
  UPDATE_URL_KEY,
} from '../policy-schema';

/**
 * macOS managed preferences: a configuration profile with a payload of type `org.beacon.desktop`
 * (installed by an MDM, or by hand) ends up as
 *
 *   /Library/Managed Preferences/org.beacon.desktop.plist          device profiles (machine)
 *   /Library/Managed Preferences/<user>/org.beacon.desktop.plist   user profiles
 *
 * usually a binary plist. Each setting key at the top level is mandatory; a `Recommended`
 * dictionary holds recommended values; `updateUrl` a feed. Payload* keys are the profile's own
 * bookkeeping and skipped. Values are plist types: <true/>/<false/>, <integer>, <string>, <dict>.
 */

export const BUNDLE_ID = 'org.beacon.desktop';
export const MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';
export const RECOMMENDED_DICT = 'Recommended';

/** Reads a file's bytes; null when it does not exist. Throws when it cannot be read. */
export type PolicyFileReader = (path: string) => Promise<Uint8Array | null>;

export function managedPreferencesPaths(username: string | null | undefined): {
  machine: string;
  user: string | null;
} {
  const file = `${BUNDLE_ID}.plist`;
  const usable = username && !username.includes('/') && username !== '.' && username !== '..';
  return {
    machine: posix.join(MANAGED_PREFERENCES_DIR, file),
    user: usable ? posix.join(MANAGED_PREFERENCES_DIR, username, file) : null,
  };
}

/** Binary ("bplist00…") or XML; throws with a readable message when it is neither. */
export function parsePlistBytes(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 6).toString('latin1') === 'bplist') {
    const [root] = parseBuffer(buffer);
    return root;
  }
  return parseXmlPlist(buffer.toString('utf8'));
}

/** Reads one managed-preferences file; null when there is none (the normal case). */
export async function readManagedPreferences(
  readFile: PolicyFileReader,
  path: string,
): Promise<PolicyLayer | null> {
  const bytes = await readFile(path);
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = parsePlistBytes(bytes);
  } catch (error) {
    return { ...emptyLayer(), problems: [`not a valid property list (${errorMessage(error)}); ignored`] };
  }
  return parseManagedPreferences(value);
}

export function parseManagedPreferences(value: unknown): PolicyLayer {
  const layer = emptyLayer();
  if (!isDictionary(value)) {
    layer.problems.push('must be a dictionary; ignored');
    return layer;
  }
  readDictionary(value, '', layer.mandatory, layer, true);
  return layer;
}

function readDictionary(
  dict: Record<string, unknown>,
  prefix: string,
  target: Partial<UserSettings>,
  layer: PolicyLayer,
  top: boolean,
): void {
  for (const [key, raw] of Object.entries(dict)) {
    const where = `${prefix}${key}`;
    if (top && key.startsWith('Payload')) continue;
    if (top && key === RECOMMENDED_DICT) {
      if (isDictionary(raw)) readDictionary(raw, `${RECOMMENDED_DICT}.`, layer.recommended, layer, false);
      else layer.problems.push(`${where}: must be a dictionary of settings; ignored`);
      continue;
    }
    if (key === UPDATE_URL_KEY) {
      if (!top) {
        layer.problems.push(`${where}: updateUrl is only read as a mandatory value; ignored`);
        continue;
      }
      const checked = checkPolicyValue(UPDATE_URL_KEY, raw);
      if (checked.ok) layer.updateUrl = checked.value as string;
      else layer.problems.push(`${where}: ${checked.message}; ignored`);
      continue;
    }
    if (!isSettingKey(key)) {
      layer.problems.push(`${where}: not a Beacon policy; ignored`);
      continue;
    }
    const checked = checkPolicyValue(key, fromPlist(raw));
    if (checked.ok) setSetting(target, key, checked.value);
    else layer.problems.push(`${where}: ${checked.message}; ignored`);
  }
}

/** bplist-parser may give a bigint for a 64-bit integer; a safe one is an ordinary number. */
function fromPlist(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (isDictionary(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromPlist(item)]));
  }
  return value;
}

function isDictionary(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

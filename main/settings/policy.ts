import { posix, win32 } from 'node:path';
import type { SettingKey, UserSettings } from '../../common/bridge';
import { describeIssues, isHttpUrl, SETTING_KEYS, userSettingsSchema } from '../../common/bridge-schemas';
import { readJsonFile } from '../storage/json-file';

/**
 * The administrator's policy: a read-only JSON file at an OS-wide path.
 *
 *   {
 *     "mandatory":   { "serverUrl": "https://chat.example.com", "idleMinutes": 10, "autoUpdate": false },
 *     "recommended": { "notificationSound": false },
 *     "updateUrl": "https://updates.example.com/beacon/"
 *   }
 *
 * `mandatory` values win over the user's and show as locked; `recommended` values replace
 * the built-in defaults but the user may change them. Each key is validated on its own: a
 * bad key is reported and ignored, the rest of the policy still applies.
 */
export interface ManagedPolicy {
  mandatory: Partial<UserSettings>;
  recommended: Partial<UserSettings>;
  /** A generic electron-updater feed that replaces the one built into the app. */
  updateUrl: string | null;
  /** The file it came from, or null when there is none. */
  source: string | null;
  /** What was wrong with the file, one line each (logged; the rest still applies). */
  problems: string[];
  /**
   * For each mandatory key, a short name of the source that set it ("Windows policy for this
   * computer"…), filled by `loadManagedPolicy` (managed-policy.ts) so the Settings screen can say so.
   */
  lockedBy?: Partial<Record<SettingKey, string>>;
  /** Every source that was present, highest precedence first (filled by `loadManagedPolicy`). */
  sources?: PolicySourceInfo[];
}

/** One place an administrator's policy can come from. */
export interface PolicySourceInfo {
  /** Stable id: `json`, `registry-machine`, `registry-user`, `profile-machine`, `profile-user`. */
  id: string;
  /** machine policy wins over user policy. */
  scope: 'machine' | 'user';
  /** A short name for people ("Windows policy for this computer"). */
  label: string;
  /** Where exactly: a file path or a registry key. */
  location: string;
}

export const EMPTY_POLICY: ManagedPolicy = Object.freeze({
  mandatory: {},
  recommended: {},
  updateUrl: null,
  source: null,
  problems: [],
});

export function policyFilePath(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (platform === 'win32') {
    return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Beacon', 'policy.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/Beacon/policy.json';
  return posix.join('/etc', 'beacon', 'policy.json');
}

const TOP_LEVEL_KEYS = new Set(['mandatory', 'recommended', 'updateUrl', '$schema', 'comment']);

export function parsePolicy(value: unknown, source: string): ManagedPolicy {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ...EMPTY_POLICY, source, problems: ['the policy must be a JSON object'] };
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!TOP_LEVEL_KEYS.has(key)) problems.push(`unknown key "${key}" ignored`);
  }
  const mandatory = parseSettingsLayer(record.mandatory, 'mandatory', problems);
  const recommended = parseSettingsLayer(record.recommended, 'recommended', problems);
  let updateUrl: string | null = null;
  if (record.updateUrl !== undefined && record.updateUrl !== null) {
    if (typeof record.updateUrl === 'string' && isHttpUrl(record.updateUrl)) updateUrl = record.updateUrl;
    else problems.push('updateUrl: must be an http:// or https:// address; ignored');
  }
  return { mandatory, recommended, updateUrl, source, problems };
}

function parseSettingsLayer(value: unknown, layer: string, problems: string[]): Partial<UserSettings> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${layer}: must be an object of settings; ignored`);
    return {};
  }
  const accepted: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (!(SETTING_KEYS as string[]).includes(key)) {
      problems.push(`${layer}.${key}: not a setting; ignored`);
      continue;
    }
    const schema = userSettingsSchema.shape[key as keyof UserSettings];
    const parsed = schema.safeParse(raw);
    if (parsed.success) accepted[key] = parsed.data;
    else problems.push(`${layer}.${key}: ${describeIssues(parsed.error)}; ignored`);
  }
  return accepted as Partial<UserSettings>;
}

/** Reads the policy file; none at all is the normal case for a personal machine. */
export async function loadPolicy(path: string): Promise<ManagedPolicy> {
  const read = await readJsonFile(path);
  if (read.kind === 'missing') return EMPTY_POLICY;
  if (read.kind === 'unreadable') {
    return { ...EMPTY_POLICY, source: path, problems: [`cannot read the policy file: ${read.error}`] };
  }
  return parsePolicy(read.value, path);
}

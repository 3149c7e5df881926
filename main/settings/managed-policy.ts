import { readFile as readFileFromDisk } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { SettingKey, UserSettings } from '../../common/bridge';
import { SETTING_KEYS } from '../../common/bridge-schemas';
import { errorMessage } from '../logger';
import {
  EMPTY_POLICY,
  type ManagedPolicy,
  type PolicySourceInfo,
  parsePolicy,
  policyFilePath,
} from './policy';
import type { PolicyLayer } from './policy-schema';
import {
  managedPreferencesPaths,
  type PolicyFileReader,
  readManagedPreferences,
} from './policy-sources/managed-preferences';
import { type RegistryPort, readRegistryPolicy, registryLocation } from './policy-sources/registry';
import { createWinregPort } from './policy-sources/winreg-port';

/**
 * Every place an administrator can manage Beacon from, combined into one policy:
 *
 *   - the JSON policy file (policy.ts; machine-wide, all platforms)
 *   - Windows: HKLM\SOFTWARE\Policies\Beacon (machine) and HKCU\SOFTWARE\Policies\Beacon (user)
 *   - macOS: /Library/Managed Preferences[/<user>]/org.beacon.desktop.plist (device / user profile)
 *
 * Precedence: machine policy > user policy > the user's own settings > recommended > defaults.
 * Between two machine sources the operating system's own (registry, configuration profile) wins
 * over the JSON file; a key both set differently is reported. Missing sources are the normal case.
 */
export interface ManagedPolicyOptions {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** The JSON policy file; default `policyFilePath(platform, env)`. */
  jsonPath?: string;
  /**
   * false reads the JSON file only, never the registry or managed preferences (an unpackaged
   * build pointed at a test policy with BEACON_POLICY_FILE). Default true.
   */
  osSources?: boolean;
  /** Windows registry access; default winreg (reg.exe). */
  registry?: RegistryPort;
  /** File access for the JSON file and the plists; default node:fs. */
  readFile?: PolicyFileReader;
  /** The macOS account whose user profile applies; default the current user. */
  username?: string;
  /** A source that has not answered by then is reported and skipped; default 10 s. */
  timeoutMs?: number;
}

/** One source as read, highest precedence first. */
export interface PolicySourceReading {
  info: PolicySourceInfo;
  /** null: not present. */
  layer: PolicyLayer | null;
}

export const SOURCE_LABELS = {
  json: 'policy file',
  'registry-machine': 'Windows policy for this computer',
  'registry-user': 'Windows policy for your account',
  'profile-machine': 'configuration profile for this Mac',
  'profile-user': 'configuration profile for your account',
} as const;

export async function loadManagedPolicy(options: ManagedPolicyOptions): Promise<ManagedPolicy> {
  const { platform, env } = options;
  const readFile = options.readFile ?? readFileOrNull;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const jsonPath = options.jsonPath ?? policyFilePath(platform, env);
  const osSources = options.osSources ?? true;

  const json: SourceReader = {
    info: { id: 'json', scope: 'machine', label: SOURCE_LABELS.json, location: jsonPath },
    read: () => readJsonPolicy(readFile, jsonPath),
  };
  // Highest precedence first within each scope.
  const readers: SourceReader[] = [];
  if (osSources && platform === 'win32') {
    const registry = options.registry ?? createWinregPort();
    readers.push(
      {
        info: source('registry-machine', 'machine', registryLocation('HKLM')),
        read: () => readRegistryPolicy(registry, 'HKLM'),
      },
      json,
      {
        info: source('registry-user', 'user', registryLocation('HKCU')),
        read: () => readRegistryPolicy(registry, 'HKCU'),
      },
    );
  } else if (osSources && platform === 'darwin') {
    const paths = managedPreferencesPaths(options.username ?? currentUsername());
    const { user } = paths;
    readers.push(
      {
        info: source('profile-machine', 'machine', paths.machine),
        read: () => readManagedPreferences(readFile, paths.machine),
      },
      json,
    );
    if (user !== null) {
      readers.push({
        info: source('profile-user', 'user', user),
        read: () => readManagedPreferences(readFile, user),
      });
    }
  } else {
    readers.push(json);
  }

  const readings = await Promise.all(
    readers.map(
      async ({ info, read }): Promise<PolicySourceReading> => ({
        info,
        layer: await withTimeout(read(), timeoutMs).catch((error: unknown) => ({
          mandatory: {},
          recommended: {},
          updateUrl: null,
          problems: [`cannot be read: ${errorMessage(error)}`],
        })),
      }),
    ),
  );
  return combinePolicies(readings);
}

interface SourceReader {
  info: PolicySourceInfo;
  read(): Promise<PolicyLayer | null>;
}

function source(
  id: keyof typeof SOURCE_LABELS,
  scope: 'machine' | 'user',
  location: string,
): PolicySourceInfo {
  return { id, scope, label: SOURCE_LABELS[id], location };
}

/**
 * Merges the sources, given highest precedence first with machine ones before user ones (the
 * order loadManagedPolicy reads them in). Problems are prefixed with the source's location.
 */
export function combinePolicies(readings: readonly PolicySourceReading[]): ManagedPolicy {
  const present = readings.filter(
    (reading): reading is { info: PolicySourceInfo; layer: PolicyLayer } => reading.layer !== null,
  );
  if (present.length === 0) return EMPTY_POLICY;
  const ordered = [
    ...present.filter((reading) => reading.info.scope === 'machine'),
    ...present.filter((reading) => reading.info.scope === 'user'),
  ];
  const mandatory: Partial<UserSettings> = {};
  const recommended: Partial<UserSettings> = {};
  const lockedBy: Partial<Record<SettingKey, string>> = {};
  const winners: Partial<Record<SettingKey, PolicySourceInfo>> = {};
  const problems: string[] = [];
  let updateUrl: string | null = null;
  let updateUrlFrom: PolicySourceInfo | null = null;

  for (const { info, layer } of ordered) {
    for (const problem of layer.problems) problems.push(`${info.location}: ${problem}`);
  }
  for (const { info, layer } of ordered) {
    for (const key of SETTING_KEYS) {
      const value = layer.mandatory[key];
      if (value === undefined) continue;
      const winner = winners[key];
      if (winner === undefined) {
        (mandatory as Record<SettingKey, unknown>)[key] = value;
        winners[key] = info;
        lockedBy[key] = info.label;
      } else if (JSON.stringify(mandatory[key]) !== JSON.stringify(value)) {
        problems.push(`${info.location}: ${key}: also set by ${winner.location}, which wins; ignored`);
      }
    }
    for (const key of SETTING_KEYS) {
      const value = layer.recommended[key];
      if (value !== undefined && recommended[key] === undefined) {
        (recommended as Record<SettingKey, unknown>)[key] = value;
      }
    }
    if (layer.updateUrl !== null) {
      if (updateUrlFrom === null) {
        updateUrl = layer.updateUrl;
        updateUrlFrom = info;
      } else if (updateUrl !== layer.updateUrl) {
        problems.push(
          `${info.location}: updateUrl: also set by ${updateUrlFrom.location}, which wins; ignored`,
        );
      }
    }
  }

  const sources = ordered.map(({ info }) => info);
  return {
    mandatory,
    recommended,
    updateUrl,
    source: sources.map((info) => info.location).join(', '),
    problems,
    lockedBy,
    sources,
  };
}

async function readJsonPolicy(readFile: PolicyFileReader, path: string): Promise<PolicyLayer | null> {
  const bytes = await readFile(path);
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch (error) {
    return {
      mandatory: {},
      recommended: {},
      updateUrl: null,
      problems: [`not valid JSON (${errorMessage(error)})`],
    };
  }
  const { mandatory, recommended, updateUrl, problems } = parsePolicy(value, path);
  return { mandatory, recommended, updateUrl, problems };
}

/** node:fs, with a missing file (or folder) as null. */
export async function readFileOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return await readFileFromDisk(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

function currentUsername(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

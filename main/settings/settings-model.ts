import type { SettingKey, SettingsView, UserSettings } from '../../common/bridge';
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../common/bridge-schemas';
import type { ManagedPolicy } from './policy';

/**
 * The layers, lowest first: built-in defaults, the policy's recommendations, the user's own
 * choices, launch overrides (e.g. BEACON_SERVER_URL from `npm start`), the policy's mandates.
 */
export interface SettingsLayers {
  user: Partial<UserSettings>;
  policy: ManagedPolicy;
  overrides?: Partial<UserSettings>;
}

export function resolveSettings({ user, policy, overrides = {} }: SettingsLayers): SettingsView {
  const values: UserSettings = {
    ...structuredClone(DEFAULT_SETTINGS),
    ...policy.recommended,
    ...user,
    ...overrides,
    ...policy.mandatory,
  };
  const locked = lockedKeys(policy);
  const view: SettingsView = { values, locked };
  const lockedBy: Partial<Record<SettingKey, string>> = {};
  for (const key of locked) {
    const by = policy.lockedBy?.[key];
    if (by) lockedBy[key] = by;
  }
  if (Object.keys(lockedBy).length > 0) view.lockedBy = lockedBy;
  return view;
}

export function lockedKeys(policy: ManagedPolicy): SettingKey[] {
  return SETTING_KEYS.filter((key) => policy.mandatory[key] !== undefined);
}

export type PatchResult = { ok: true; user: Partial<UserSettings> } | { ok: false; error: string };

/**
 * Applies a validated patch to the user's layer. Touching a locked setting with a different
 * value is an error that names it; repeating the locked value (a form sending everything) is fine.
 */
export function applyPatch(
  user: Partial<UserSettings>,
  patch: Partial<UserSettings>,
  policy: ManagedPolicy,
): PatchResult {
  const next: Partial<UserSettings> = { ...user };
  const refused: SettingKey[] = [];
  for (const key of SETTING_KEYS) {
    if (!(key in patch)) continue;
    const value = patch[key];
    if (value === undefined) continue;
    const mandated = policy.mandatory[key];
    if (mandated !== undefined) {
      if (!sameValue(mandated, value)) refused.push(key);
      continue;
    }
    (next as Record<SettingKey, unknown>)[key] = value;
  }
  if (refused.length > 0) {
    return {
      ok: false,
      error: `${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} set by your administrator and cannot be changed`,
    };
  }
  return { ok: true, user: next };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

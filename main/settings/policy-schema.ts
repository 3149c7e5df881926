import type { z } from 'zod';
import type { SettingKey, UserSettings } from '../../common/bridge';
import { describeIssues, isHttpUrl, SETTING_KEYS, userSettingsSchema } from '../../common/bridge-schemas';

/**
 * What an administrator can set, derived from the settings schema (common/bridge-schemas.ts):
 * every setting key plus `updateUrl`. The registry reader, the macOS reader and the ADMX
 * generator all work from this, so a new setting needs no change here.
 */

export type PolicyValueType =
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'string'; maxLength: number | null }
  | { kind: 'object'; fields: Record<string, PolicyValueType> };

/** The one policy that is not a setting: a generic electron-updater feed. */
export const UPDATE_URL_KEY = 'updateUrl';
export const UPDATE_URL_MAX_LENGTH = 2048;

export type PolicyKey = SettingKey | typeof UPDATE_URL_KEY;

export const POLICY_KEYS: readonly PolicyKey[] = [...SETTING_KEYS, UPDATE_URL_KEY];

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

/** The value type of a policy key, read off its zod schema. */
export function policyValueType(key: PolicyKey): PolicyValueType {
  if (key === UPDATE_URL_KEY) return { kind: 'string', maxLength: UPDATE_URL_MAX_LENGTH };
  return describeSchema(userSettingsSchema.shape[key], key);
}

function describeSchema(schema: z.ZodType, where: string): PolicyValueType {
  const unwrapped = unwrap(schema);
  switch (unwrapped.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'number': {
      const number = unwrapped as z.ZodNumber;
      if (!number.isInt || number.minValue === null || number.maxValue === null) {
        throw new Error(`${where}: only bounded integers can be policies`);
      }
      return { kind: 'integer', min: number.minValue, max: number.maxValue };
    }
    case 'string':
      return { kind: 'string', maxLength: (unwrapped as z.ZodString).maxLength };
    // A choice ("system", "en", "de") is a string policy; its schema rejects any other value.
    case 'enum': {
      const options = (unwrapped as z.ZodEnum).options.map(String);
      return { kind: 'string', maxLength: Math.max(...options.map((option) => option.length)) };
    }
    case 'object': {
      const shape = (unwrapped as z.ZodObject).shape as Record<string, z.ZodType>;
      const fields: Record<string, PolicyValueType> = {};
      for (const [name, field] of Object.entries(shape))
        fields[name] = describeSchema(field, `${where}.${name}`);
      return { kind: 'object', fields };
    }
    default:
      throw new Error(`${where}: a ${unwrapped.type} setting has no policy mapping`);
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current.type === 'nullable' || current.type === 'optional') {
    current = (current as z.ZodNullable<z.ZodType>).unwrap();
  }
  return current;
}

export type PolicyValueCheck = { ok: true; value: unknown } | { ok: false; message: string };

/** Validates one policy value with the very schema the settings store uses. */
export function checkPolicyValue(key: PolicyKey, raw: unknown): PolicyValueCheck {
  if (key === UPDATE_URL_KEY) {
    return typeof raw === 'string' && raw.length <= UPDATE_URL_MAX_LENGTH && isHttpUrl(raw)
      ? { ok: true, value: raw }
      : { ok: false, message: 'must be an http:// or https:// address' };
  }
  const parsed = userSettingsSchema.shape[key].safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: describeIssues(parsed.error) };
}

/** The settings half of a policy source, before it is merged with the others. */
export interface PolicyLayer {
  mandatory: Partial<UserSettings>;
  recommended: Partial<UserSettings>;
  updateUrl: string | null;
  problems: string[];
}

export function emptyLayer(): PolicyLayer {
  return { mandatory: {}, recommended: {}, updateUrl: null, problems: [] };
}

/** Stores a checked value in a layer (typed access to a Partial<UserSettings> by key). */
export function setSetting(target: Partial<UserSettings>, key: SettingKey, value: unknown): void {
  (target as Record<SettingKey, unknown>)[key] = value;
}

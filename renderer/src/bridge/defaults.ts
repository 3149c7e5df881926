import type { UserSettings } from '../../../common/bridge';
import { DEFAULT_SETTINGS, parseStoredSettings } from '../../../common/bridge-schemas';

/** The same defaults as the desktop host, so both hosts behave alike. */
export { DEFAULT_SETTINGS };

/** Merges stored (possibly partial or outdated) settings over the defaults, keeping only well-typed values. */
export function sanitiseSettings(raw: unknown): UserSettings {
  const stored =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const { values } = parseStoredSettings(stored);
  return {
    ...DEFAULT_SETTINGS,
    ...values,
    quietHours: { ...(values.quietHours ?? DEFAULT_SETTINGS.quietHours) },
  };
}

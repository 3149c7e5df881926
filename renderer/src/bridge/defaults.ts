import type { UserSettings } from '../../../common/bridge';

export const DEFAULT_SETTINGS: UserSettings = {
  idleMinutes: 10,
  notificationsEnabled: true,
  notificationSound: true,
  quietHours: { enabled: false, start: '18:00', end: '08:00' },
  launchAtLogin: false,
  startHidden: false,
  flashTaskbar: true,
  autoUpdate: true,
  serverUrl: null,
};

/** Merges stored (possibly partial or outdated) settings over the defaults, keeping only well-typed values. */
export function sanitiseSettings(raw: unknown): UserSettings {
  const settings: UserSettings = { ...DEFAULT_SETTINGS, quietHours: { ...DEFAULT_SETTINGS.quietHours } };
  if (!raw || typeof raw !== 'object') return settings;
  const value = raw as Record<string, unknown>;
  if (typeof value.idleMinutes === 'number' && Number.isFinite(value.idleMinutes) && value.idleMinutes >= 1) {
    settings.idleMinutes = Math.min(240, Math.round(value.idleMinutes));
  }
  for (const key of [
    'notificationsEnabled',
    'notificationSound',
    'launchAtLogin',
    'startHidden',
    'flashTaskbar',
    'autoUpdate',
  ] as const) {
    const flag = value[key];
    if (typeof flag === 'boolean') settings[key] = flag;
  }
  if (typeof value.serverUrl === 'string' || value.serverUrl === null) settings.serverUrl = value.serverUrl;
  const quiet = value.quietHours;
  if (quiet && typeof quiet === 'object') {
    const q = quiet as Record<string, unknown>;
    if (typeof q.enabled === 'boolean') settings.quietHours.enabled = q.enabled;
    if (typeof q.start === 'string') settings.quietHours.start = q.start;
    if (typeof q.end === 'string') settings.quietHours.end = q.end;
  }
  return settings;
}

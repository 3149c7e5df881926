import { idSchema, LIMITS, presenceSchema, presenceStatusSchema, timestampSchema } from '@beacon/protocol';
import { z } from 'zod';
import type {
  DownloadRequest,
  IncomingMessageEvent,
  StoredSession,
  UnreadSummary,
  UserSettings,
  ViewState,
} from './bridge';

/**
 * Runtime schemas for the values that cross the desktop bridge (and the files the host
 * keeps). Electron-free and DOM-free: the main process validates every IPC payload with
 * them and the settings/session stores validate what they read back from disk.
 */

export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export const timeOfDaySchema = z
  .string()
  .regex(TIME_OF_DAY_PATTERN, { message: 'must be a 24-hour time like 08:30' });

/** An http(s) address of a Beacon server. */
export const serverUrlSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(2048, { message: 'must be at most 2048 characters' })
  .refine(isHttpUrl, { message: 'must be an http:// or https:// address' });

export const IDLE_MINUTES_MIN = 1;
export const IDLE_MINUTES_MAX = 480;

export const userSettingsSchema = z.object({
  idleMinutes: z.number().int().min(IDLE_MINUTES_MIN).max(IDLE_MINUTES_MAX),
  notificationsEnabled: z.boolean(),
  notificationSound: z.boolean(),
  quietHours: z.object({ enabled: z.boolean(), start: timeOfDaySchema, end: timeOfDaySchema }).strict(),
  launchAtLogin: z.boolean(),
  startHidden: z.boolean(),
  flashTaskbar: z.boolean(),
  dndDuringOsFocus: z.boolean(),
  autoUpdate: z.boolean(),
  serverUrl: serverUrlSchema.nullable(),
  language: z.enum(['system', 'en', 'de']),
}) satisfies z.ZodType<UserSettings>;

/** A change from the Settings screen: any subset of keys; an unknown key is an error, not silently dropped. */
export const userSettingsPatchSchema = userSettingsSchema.partial().strict();

export const DEFAULT_SETTINGS: Readonly<UserSettings> = Object.freeze({
  idleMinutes: 5,
  notificationsEnabled: true,
  notificationSound: true,
  quietHours: { enabled: false, start: '18:00', end: '08:00' },
  launchAtLogin: false,
  startHidden: true,
  flashTaskbar: true,
  dndDuringOsFocus: false,
  autoUpdate: true,
  serverUrl: null,
  language: 'system',
});

export const SETTING_KEYS = Object.keys(userSettingsSchema.shape) as (keyof UserSettings)[];

export const storedSessionSchema = z
  .object({
    serverUrl: serverUrlSchema,
    token: z.string().min(1).max(8192),
    userId: idSchema,
    email: z.string().min(3).max(320),
    expiresAt: timestampSchema.nullable(),
  })
  .strict() satisfies z.ZodType<StoredSession>;

export const unreadSummarySchema = z
  .object({
    total: z.number().int().nonnegative(),
    conversations: z.number().int().nonnegative(),
    mentions: z.number().int().nonnegative(),
  })
  .strict()
  .refine((summary) => summary.mentions <= summary.total, {
    message: 'mentions must not exceed total',
    path: ['mentions'],
  }) satisfies z.ZodType<UnreadSummary>;

export const incomingMessageEventSchema = z.object({
  conversationId: idSchema,
  conversationTitle: z.string().max(LIMITS.titleMaxChars * 4),
  senderName: z.string().max(LIMITS.titleMaxChars),
  body: z.string().max(LIMITS.bodyMaxChars),
  sentAt: timestampSchema,
  mentionsMe: z.boolean(),
}) satisfies z.ZodType<IncomingMessageEvent>;

export const viewStateSchema = z.object({
  conversationId: idSchema.nullable(),
  status: presenceStatusSchema,
}) satisfies z.ZodType<ViewState>;

export { presenceSchema };

/** A download the page asks for; main makes the name safe for the file system (no folders). */
export const downloadRequestSchema = z
  .object({
    fileId: idSchema,
    name: z.string().min(1, { message: 'must not be empty' }).max(255),
  })
  .strict() satisfies z.ZodType<DownloadRequest>;

/** Ids main hands out for finished downloads (never a path). */
export const downloadIdSchema = z.string().regex(/^dl-\d{1,12}$/, { message: 'must be a download id' });

/** Links the app may hand to the operating system. */
export const EXTERNAL_URL_PROTOCOLS = ['http:', 'https:', 'mailto:'] as const;

export const externalUrlSchema = z
  .string()
  .max(8192, { message: 'must be at most 8192 characters' })
  .refine(isExternalUrl, { message: 'only http, https and mailto links can be opened' });

export function isHttpUrl(value: string): boolean {
  const url = parseUrl(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

export function isExternalUrl(value: string): boolean {
  const url = parseUrl(value);
  if (url === null) return false;
  if (url.protocol === 'mailto:') return url.pathname.length > 0;
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** "field: message" for the first few issues, so an error names what was wrong. */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'value';
    return `${field}: ${issue.message}`;
  });
  const more = error.issues.length - parts.length;
  return more > 0 ? `${parts.join('; ')} (and ${more} more)` : parts.join('; ');
}

/**
 * Reads stored settings key by key: each well-formed known key is kept, each other
 * key is reported in `problems`, so one bad value never discards the rest.
 */
export function parseStoredSettings(raw: Record<string, unknown>): {
  values: Partial<UserSettings>;
  problems: string[];
} {
  const accepted: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!(SETTING_KEYS as string[]).includes(key)) {
      problems.push(`${key}: not a setting`);
      continue;
    }
    const parsed = userSettingsSchema.shape[key as keyof UserSettings].safeParse(value);
    if (parsed.success) accepted[key] = parsed.data;
    else problems.push(`${key}: ${describeIssues(parsed.error)}`);
  }
  return { values: accepted as Partial<UserSettings>, problems };
}

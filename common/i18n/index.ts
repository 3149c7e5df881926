import i18next, { type i18n, type Module, type TFunction } from 'i18next';
import { de } from './locales/de';
import { en } from './locales/en';

/**
 * The one i18n setup for both hosts: the renderer wraps an instance in react-i18next, the main
 * process uses a plain one. Adding a language: a file in `locales/` typed `Messages`, an entry
 * in `RESOURCES` (docs/desktop.md, "Languages").
 */
export const RESOURCES = {
  en: { translation: en },
  de: { translation: de },
} as const;

export type Language = keyof typeof RESOURCES;
export const LANGUAGES = Object.keys(RESOURCES) as Language[];
export const DEFAULT_LANGUAGE: Language = 'en';

/** The user's choice in Settings: follow the system, or one of the languages. */
export type LanguageSetting = 'system' | Language;

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}

export type Translate = TFunction;

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as string[]).includes(value);
}

/**
 * The language to show: the override when it names one we have, else the first preferred
 * locale ("de-AT", "en-GB") whose language we have, else English.
 */
export function resolveLanguage(preferred: readonly string[], override: string | null): Language {
  if (override && isLanguage(override)) return override;
  for (const locale of preferred) {
    const primary = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
    if (isLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * A ready instance (resources are bundled, so `init` completes synchronously); the renderer
 * passes react-i18next's plugin.
 */
export function createI18n(language: Language = DEFAULT_LANGUAGE, plugins: readonly Module[] = []): i18n {
  const instance = i18next.createInstance();
  for (const plugin of plugins) instance.use(plugin);
  void instance.init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: LANGUAGES,
    initAsync: false,
    returnNull: false,
    // React escapes what it renders; the main process shows plain text (menus, notifications).
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** A translator fixed to one language (main-process models, tests). */
export function translator(language: Language): Translate {
  return createI18n(language).t;
}

/** English, for code that has no language to hand (and for the tests that read English). */
export const ENGLISH: Translate = translator('en');

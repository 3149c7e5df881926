import { useEffect } from 'react';
import { initReactI18next } from 'react-i18next';

// Components import `useTranslation` from here, so the instance below exists wherever one renders.
export { Trans, useTranslation } from 'react-i18next';

import type { DesktopBridge } from '../../../common/bridge';
import { createI18n, type Language, type LanguageSetting, resolveLanguage } from '../../../common/i18n';

function systemLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
}

/**
 * The renderer's one instance: `useTranslation` in components; `i18n.t` and `currentLocale()`
 * in the plain modules (lib/time.ts) that components call while rendering.
 */
export const i18n = createI18n(resolveLanguage(systemLanguages(), null), [initReactI18next]);

/** The UI language, for `Intl` formatters. */
export function currentLocale(): Language {
  return i18n.language as Language;
}

export function applyLanguageSetting(setting: LanguageSetting): void {
  const language = resolveLanguage(systemLanguages(), setting === 'system' ? null : setting);
  if (language !== i18n.language) void i18n.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** Follows the `language` setting (and the system's languages while it is `system`). */
export function useLanguageSetting(bridge: DesktopBridge): void {
  useEffect(() => {
    let live = true;
    bridge
      .getSettings()
      .then((view) => live && applyLanguageSetting(view.values.language))
      .catch(() => undefined);
    const unsubscribe = bridge.onSettingsChanged((view) => applyLanguageSetting(view.values.language));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [bridge]);
}

import { describe, expect, it } from 'vitest';
import { createI18n, resolveLanguage, translator } from './index';
import { de } from './locales/de';
import { en } from './locales/en';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'string' ? [`${prefix}${key}`] : keys(child as object, `${prefix}${key}.`),
  );
}

describe('locales', () => {
  it('German has exactly the English keys, none empty', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
    for (const key of keys(de)) expect(createI18n('de').t(key as 'tray.quit')).not.toBe('');
  });

  it('keeps the placeholders of each English string', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const at = (root: object, path: string) =>
      path
        .split('.')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], root) as string;
    for (const key of keys(en)) expect(placeholders(at(de, key)), key).toEqual(placeholders(at(en, key)));
  });
});

describe('plurals', () => {
  it('counts in English', () => {
    const t = translator('en');
    expect(t('unread.short', { count: 1, shown: '1' })).toBe('1 unread');
    expect(t('unread.short', { count: 3, shown: '3' })).toBe('3 unread');
    expect(t('unread.long', { count: 1, shown: '1' })).toBe('1 unread message');
    expect(t('unread.mentions', { count: 2, shown: '2' })).toBe('2 mentions');
  });

  it('counts in German', () => {
    const t = translator('de');
    expect(t('unread.short', { count: 1, shown: '1' })).toBe('1 ungelesene');
    expect(t('unread.short', { count: 3, shown: '3' })).toBe('3 ungelesene');
    expect(t('unread.long', { count: 3, shown: '3' })).toBe('3 ungelesene Nachrichten');
    expect(t('unread.mentions', { count: 1, shown: '1' })).toBe('1 Erwähnung');
  });
});

describe('resolveLanguage', () => {
  it('follows the first preferred language it has', () => {
    expect(resolveLanguage(['fr-FR', 'de-AT', 'en-US'], null)).toBe('de');
    expect(resolveLanguage(['en-GB', 'de'], null)).toBe('en');
    expect(resolveLanguage(['de_DE'], 'system')).toBe('de');
  });

  it('defaults to English', () => {
    expect(resolveLanguage([], null)).toBe('en');
    expect(resolveLanguage(['fr', 'ja'], null)).toBe('en');
  });

  it('takes the override over the system', () => {
    expect(resolveLanguage(['en-US'], 'de')).toBe('de');
    expect(resolveLanguage(['de-DE'], 'en')).toBe('en');
    expect(resolveLanguage(['de-DE'], 'xx')).toBe('de');
  });
});

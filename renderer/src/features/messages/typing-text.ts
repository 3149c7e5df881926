import { i18n } from '../../i18n';

/** "Bob is typing…", "Bob and Carol are typing…", "Several people are typing…". */
export function typingText(names: readonly string[]): string {
  const [first, second] = names;
  if (!first) return '';
  if (names.length === 1) return i18n.t('messages.typingOne', { first });
  if (names.length === 2 && second) return i18n.t('messages.typingTwo', { first, second });
  return i18n.t('messages.typingMany');
}

import { currentLocale } from '../../i18n';

const units = ['B', 'KB', 'MB', 'GB'] as const;

/** "532 B", "1.4 MB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 1 });
  return `${number.format(value)} ${units[unit]}`;
}

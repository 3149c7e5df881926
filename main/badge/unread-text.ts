import { ENGLISH, type Translate } from '../../common/i18n';

/**
 * "3 unread, 1 mention" (tray tooltip and menu) or "3 unread messages, 1 mention" (the taskbar
 * overlay's description, read by screen readers). Huge counts are capped at 999+.
 */
export function describeUnread(
  total: number,
  mentions: number,
  style: 'short' | 'long',
  t: Translate = ENGLISH,
): string {
  const unread = t(style === 'long' ? 'unread.long' : 'unread.short', { count: total, shown: cap(total) });
  if (mentions <= 0) return unread;
  return t('unread.withMentions', {
    unread,
    mentions: t('unread.mentions', { count: mentions, shown: cap(mentions) }),
  });
}

function cap(count: number): string {
  return count > 999 ? '999+' : String(count);
}

/**
 * "3 unread, 1 mention" (tray tooltip and menu) or "3 unread messages, 1 mention" (the taskbar
 * overlay's description, read by screen readers). Huge counts are capped at 999+.
 */
export function describeUnread(total: number, mentions: number, style: 'short' | 'long'): string {
  const unread =
    style === 'long'
      ? `${cap(total)} unread ${total === 1 ? 'message' : 'messages'}`
      : `${cap(total)} unread`;
  if (mentions <= 0) return unread;
  return `${unread}, ${cap(mentions)} ${mentions === 1 ? 'mention' : 'mentions'}`;
}

function cap(count: number): string {
  return count > 999 ? '999+' : String(count);
}

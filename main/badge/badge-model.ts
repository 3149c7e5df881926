import { ENGLISH, type Translate } from '../../common/i18n';
import { describeUnread } from './unread-text';

/** The file name stem of a Windows taskbar overlay in assets/overlay (see scripts/generate-icons.mjs). */
export type OverlayIconName =
  | `overlay-${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`
  | 'overlay-9plus'
  /** An "@": at least one unread message mentions the user. */
  | 'overlay-mention';

export interface BadgeModel {
  /** Linux launcher badge: the unread total (0 clears it); launchers show numbers only. */
  count: number;
  /** macOS dock badge text: "" clears it, "5" for plain unread, "@2" when 2 of them mention the user. */
  dockText: string;
  /** Windows taskbar overlay, or null to clear it. */
  overlay: { icon: OverlayIconName; description: string } | null;
}

export interface BadgeCounts {
  total: number;
  mentions: number;
}

/** Mentions are shown apart from plain unread: a "@" wherever the badge can show one. */
export function buildBadgeModel({ total, mentions }: BadgeCounts, t: Translate = ENGLISH): BadgeModel {
  const count = wholeCount(total);
  const mentioned = Math.min(wholeCount(mentions), count);
  if (count === 0) return { count: 0, dockText: '', overlay: null };
  const description = describeUnread(count, mentioned, 'long', t);
  if (mentioned > 0) {
    return {
      count,
      dockText: `@${mentioned > 99 ? '99+' : mentioned}`,
      overlay: { icon: 'overlay-mention', description },
    };
  }
  const icon: OverlayIconName = count > 9 ? 'overlay-9plus' : (`overlay-${count}` as OverlayIconName);
  return { count, dockText: count > 999 ? '999+' : String(count), overlay: { icon, description } };
}

function wholeCount(value: number): number {
  return Math.max(0, Math.floor(value));
}

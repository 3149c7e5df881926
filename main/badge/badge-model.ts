/** The file name stem of a Windows taskbar overlay in assets/overlay (see scripts/generate-icons.mjs). */
export type OverlayIconName = `overlay-${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | 'overlay-9plus';

export interface BadgeModel {
  /** macOS dock / Linux launcher badge (0 clears it). */
  count: number;
  /** Windows taskbar overlay, or null to clear it. */
  overlay: { icon: OverlayIconName; description: string } | null;
}

export function buildBadgeModel(unreadTotal: number): BadgeModel {
  const count = Math.max(0, Math.floor(unreadTotal));
  if (count === 0) return { count: 0, overlay: null };
  const icon: OverlayIconName = count > 9 ? 'overlay-9plus' : (`overlay-${count}` as OverlayIconName);
  return { count, overlay: { icon, description: `${count} unread ${count === 1 ? 'message' : 'messages'}` } };
}

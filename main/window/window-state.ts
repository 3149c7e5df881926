import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1120, height: 760 } as const;
export const MIN_WINDOW_SIZE = { width: 640, height: 480 } as const;

const finite = z.number().finite();
export const windowStateSchema = z.object({
  bounds: z.object({ x: finite, y: finite, width: finite.positive(), height: finite.positive() }),
  maximized: z.boolean(),
});

/**
 * Where to open the window: the saved bounds when they are still on a display (monitors get
 * unplugged, resolutions change), moved and shrunk to fit that display's work area; otherwise
 * the default size centred on the primary display.
 *
 * @param workAreas the work areas (screen minus taskbar/dock) of the connected displays
 * @param primary the primary display's work area
 */
export function restoreWindowState(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect,
): WindowState {
  if (saved === null || !isUsableRect(saved.bounds)) {
    return { bounds: centred(DEFAULT_WINDOW_SIZE, primary), maximized: false };
  }
  const target = bestDisplay(saved.bounds, workAreas);
  if (target === null) {
    const size = { width: saved.bounds.width, height: saved.bounds.height };
    return { bounds: centred(size, primary), maximized: saved.maximized };
  }
  return { bounds: clampInto(saved.bounds, target), maximized: saved.maximized };
}

/** The work area the window overlaps most, or null when it is on none of them. */
function bestDisplay(bounds: Rect, workAreas: readonly Rect[]): Rect | null {
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = intersectionArea(bounds, area);
    if (overlap > bestArea) {
      best = area;
      bestArea = overlap;
    }
  }
  return best;
}

export function clampInto(bounds: Rect, area: Rect): Rect {
  const width = Math.round(clamp(bounds.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width));
  const height = Math.round(clamp(bounds.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height));
  const x = Math.round(clamp(bounds.x, area.x, area.x + area.width - width));
  const y = Math.round(clamp(bounds.y, area.y, area.y + area.height - height));
  return { x, y, width, height };
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return clampInto(
    {
      x: area.x + Math.round((area.width - width) / 2),
      y: area.y + Math.round((area.height - height) / 2),
      width,
      height,
    },
    area,
  );
}

function intersectionArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function isUsableRect(rect: Rect): boolean {
  return (
    [rect.x, rect.y, rect.width, rect.height].every(Number.isFinite) && rect.width > 0 && rect.height > 0
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

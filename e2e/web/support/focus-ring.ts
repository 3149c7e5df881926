import { expect, type Page } from '@playwright/test';

export interface FocusRing {
  element: string;
  visible: boolean;
  clippedBy: string | null;
}

// The few DOM shapes describeFocus uses in the page (the e2e tsconfig has no DOM library).
interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface PageElement {
  tagName: string;
  className: unknown;
  parentElement: PageElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  closest(selector: string): PageElement | null;
}
interface PageStyle {
  outlineStyle: string;
  outlineWidth: string;
  outlineOffset: string;
  overflowX: string;
  overflowY: string;
  boxShadow: string;
}
interface PageGlobals {
  document: { activeElement: PageElement | null; body: PageElement };
  getComputedStyle(element: PageElement): PageStyle;
}

/**
 * Runs in the page: how the focused element shows its focus — an outline not cut off by a
 * scrolling ancestor, or the composer's ring on its whole box.
 */
function describeFocus(): FocusRing | null {
  const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const name = (el: PageElement) => {
    const classes =
      typeof el.className === 'string' && el.className
        ? `.${el.className.trim().split(/\s+/).join('.')}`
        : '';
    const label = el.getAttribute('aria-label');
    return `${el.tagName.toLowerCase()}${classes}${label ? `[${label}]` : ''}`;
  };
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
  const box = element.closest('.composer__box');
  const ringOnBox = box !== null && getComputedStyle(box).boxShadow !== 'none';
  let clippedBy: string | null = null;
  if (outline) {
    // A negative offset draws the ring inside the element.
    const reach = Number.parseFloat(style.outlineWidth) + Number.parseFloat(style.outlineOffset);
    const rect = element.getBoundingClientRect();
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const parentStyle = getComputedStyle(parent);
      if (parentStyle.overflowX === 'visible' && parentStyle.overflowY === 'visible') continue;
      const bounds = parent.getBoundingClientRect();
      if (
        rect.left - reach < bounds.left - 0.5 ||
        rect.right + reach > bounds.right + 0.5 ||
        rect.top - reach < bounds.top - 0.5 ||
        rect.bottom + reach > bounds.bottom + 0.5
      ) {
        clippedBy = name(parent);
        break;
      }
    }
  }
  return { element: name(element), visible: outline || ringOnBox, clippedBy };
}

/** Every element that `key` moves the focus to, `steps` times, and how each shows its focus. */
export async function walkFocus(page: Page, steps: number, key = 'Tab'): Promise<FocusRing[]> {
  const rings: FocusRing[] = [];
  for (let step = 0; step < steps; step += 1) {
    await page.keyboard.press(key);
    const ring = await page.evaluate(describeFocus);
    if (ring) rings.push(ring);
  }
  return rings;
}

/** Presses `key` `steps` times and expects every element focused on the way to show its focus. */
export async function expectVisibleFocus(page: Page, steps: number, key = 'Tab'): Promise<void> {
  const rings = await walkFocus(page, steps, key);
  expect(rings.length).toBeGreaterThan(0);
  expect.soft(rings.filter((ring) => !ring.visible || ring.clippedBy !== null)).toEqual([]);
}

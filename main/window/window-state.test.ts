import { describe, expect, it } from 'vitest';
import {
  clampInto,
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  type Rect,
  restoreWindowState,
} from './window-state';

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const left: Rect = { x: -1440, y: 100, width: 1440, height: 860 };
const laptop: Rect = { x: 0, y: 25, width: 1280, height: 775 };

describe('restoreWindowState', () => {
  it('opens at the default size centred on the primary display the first time', () => {
    expect(restoreWindowState(null, [primary], primary)).toEqual({
      bounds: {
        x: (1920 - DEFAULT_WINDOW_SIZE.width) / 2,
        y: (1040 - DEFAULT_WINDOW_SIZE.height) / 2,
        width: DEFAULT_WINDOW_SIZE.width,
        height: DEFAULT_WINDOW_SIZE.height,
      },
      maximized: false,
    });
  });

  it('restores saved bounds that are fully visible, including the maximized flag', () => {
    const saved = { bounds: { x: 100, y: 80, width: 900, height: 700 }, maximized: true };
    expect(restoreWindowState(saved, [primary], primary)).toEqual(saved);
  });

  it('restores on a second display at negative coordinates', () => {
    const saved = { bounds: { x: -1300, y: 200, width: 1000, height: 600 }, maximized: false };
    expect(restoreWindowState(saved, [primary, left], primary)).toEqual(saved);
  });

  it('centres on the primary display when the saved display is gone', () => {
    const saved = { bounds: { x: -1300, y: 200, width: 1000, height: 600 }, maximized: false };
    expect(restoreWindowState(saved, [primary], primary).bounds).toEqual({
      x: 460,
      y: 220,
      width: 1000,
      height: 600,
    });
  });

  it('pulls a window hanging off the edge back onto the display it mostly overlaps', () => {
    const saved = { bounds: { x: 1500, y: 900, width: 800, height: 600 }, maximized: false };
    expect(restoreWindowState(saved, [primary, left], primary).bounds).toEqual({
      x: 1120,
      y: 440,
      width: 800,
      height: 600,
    });
  });

  it('shrinks a window larger than the (smaller) display it is on', () => {
    const saved = { bounds: { x: 0, y: 25, width: 1900, height: 1100 }, maximized: false };
    expect(restoreWindowState(saved, [laptop], laptop).bounds).toEqual({
      x: 0,
      y: 25,
      width: 1280,
      height: 775,
    });
  });

  it('never goes under the menu bar / above the work area', () => {
    const saved = { bounds: { x: 100, y: 0, width: 800, height: 600 }, maximized: false };
    expect(restoreWindowState(saved, [laptop], laptop).bounds.y).toBe(25);
  });

  it('ignores unusable saved numbers', () => {
    const saved = { bounds: { x: Number.NaN, y: 0, width: 800, height: 600 }, maximized: false };
    expect(restoreWindowState(saved, [primary], primary).bounds.width).toBe(DEFAULT_WINDOW_SIZE.width);
  });
});

describe('clampInto', () => {
  it('keeps the minimum size when the display allows it', () => {
    expect(clampInto({ x: 10, y: 10, width: 100, height: 100 }, primary)).toEqual({
      x: 10,
      y: 10,
      width: MIN_WINDOW_SIZE.width,
      height: MIN_WINDOW_SIZE.height,
    });
  });

  it('fits a tiny display completely', () => {
    const tiny = { x: 0, y: 0, width: 600, height: 400 };
    expect(clampInto({ x: 50, y: 50, width: 1000, height: 800 }, tiny)).toEqual(tiny);
  });
});

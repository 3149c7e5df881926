import { describe, expect, it } from 'vitest';
import { buildBadgeModel } from './badge-model';

describe('buildBadgeModel', () => {
  it('clears everything at zero', () => {
    expect(buildBadgeModel(0)).toEqual({ count: 0, overlay: null });
  });

  it('shows the count with a matching overlay and description', () => {
    expect(buildBadgeModel(1)).toEqual({
      count: 1,
      overlay: { icon: 'overlay-1', description: '1 unread message' },
    });
    expect(buildBadgeModel(7)).toEqual({
      count: 7,
      overlay: { icon: 'overlay-7', description: '7 unread messages' },
    });
  });

  it('uses the 9+ overlay above nine but keeps the exact dock count', () => {
    expect(buildBadgeModel(42)).toEqual({
      count: 42,
      overlay: { icon: 'overlay-9plus', description: '42 unread messages' },
    });
  });

  it('never shows a negative or fractional count', () => {
    expect(buildBadgeModel(-3).count).toBe(0);
    expect(buildBadgeModel(2.7).count).toBe(2);
  });
});

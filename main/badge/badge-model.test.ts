import { describe, expect, it } from 'vitest';
import { buildBadgeModel } from './badge-model';
import { describeUnread } from './unread-text';

const plain = (total: number) => buildBadgeModel({ total, mentions: 0 });

describe('buildBadgeModel', () => {
  it('clears everything at zero', () => {
    expect(plain(0)).toEqual({ count: 0, dockText: '', overlay: null });
  });

  it('shows the count with a matching overlay and description', () => {
    expect(plain(1)).toEqual({
      count: 1,
      dockText: '1',
      overlay: { icon: 'overlay-1', description: '1 unread message' },
    });
    expect(plain(7)).toEqual({
      count: 7,
      dockText: '7',
      overlay: { icon: 'overlay-7', description: '7 unread messages' },
    });
  });

  it('uses the 9+ overlay above nine but keeps the exact dock count', () => {
    expect(plain(42)).toEqual({
      count: 42,
      dockText: '42',
      overlay: { icon: 'overlay-9plus', description: '42 unread messages' },
    });
  });

  it('never shows a negative or fractional count', () => {
    expect(plain(-3).count).toBe(0);
    expect(plain(2.7).count).toBe(2);
  });

  it('shows mentions apart: "@" in the dock, the mention overlay, both counts described', () => {
    expect(buildBadgeModel({ total: 5, mentions: 2 })).toEqual({
      count: 5,
      dockText: '@2',
      overlay: { icon: 'overlay-mention', description: '5 unread messages, 2 mentions' },
    });
    expect(buildBadgeModel({ total: 1, mentions: 1 }).overlay?.description).toBe(
      '1 unread message, 1 mention',
    );
    expect(buildBadgeModel({ total: 500, mentions: 120 }).dockText).toBe('@99+');
  });

  it('never counts more mentions than unread messages, nor mentions without unread', () => {
    expect(buildBadgeModel({ total: 2, mentions: 5 }).dockText).toBe('@2');
    expect(buildBadgeModel({ total: 0, mentions: 3 })).toEqual({ count: 0, dockText: '', overlay: null });
  });
});

describe('describeUnread', () => {
  it('words the short and long forms, with plurals and a cap', () => {
    expect(describeUnread(3, 1, 'short')).toBe('3 unread, 1 mention');
    expect(describeUnread(3, 0, 'short')).toBe('3 unread');
    expect(describeUnread(12345, 1000, 'short')).toBe('999+ unread, 999+ mentions');
    expect(describeUnread(2, 2, 'long')).toBe('2 unread messages, 2 mentions');
  });
});

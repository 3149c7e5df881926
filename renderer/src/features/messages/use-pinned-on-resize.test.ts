import { renderHook } from '@testing-library/react';
import type { VirtuosoHandle } from 'react-virtuoso';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { usePinnedOnResize } from './use-pinned-on-resize';

let resize: () => void = () => undefined;
class FakeResizeObserver {
  constructor(callback: () => void) {
    resize = callback;
  }
  observe() {}
  disconnect() {}
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function setup(atBottom: boolean) {
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
  const scrollToIndex = vi.fn();
  const virtuoso = { current: { scrollToIndex } as unknown as VirtuosoHandle };
  const root = { current: document.createElement('div') };
  const hook = renderHook(({ bottom }) => usePinnedOnResize(root, virtuoso, bottom), {
    initialProps: { bottom: atBottom },
  });
  return { scrollToIndex, hook };
}

describe('usePinnedOnResize', () => {
  it('scrolls back to the newest message after a resize while pinned, even if "not at bottom" came first', () => {
    vi.useFakeTimers();
    const { scrollToIndex, hook } = setup(true);
    hook.rerender({ bottom: false });
    resize();
    expect(scrollToIndex).toHaveBeenCalledWith({ index: 'LAST', align: 'end', behavior: 'auto' });
  });

  it('leaves the position alone when the user had scrolled up', () => {
    vi.useFakeTimers();
    const { scrollToIndex, hook } = setup(true);
    hook.rerender({ bottom: false });
    vi.advanceTimersByTime(500);
    resize();
    expect(scrollToIndex).not.toHaveBeenCalled();
  });
});

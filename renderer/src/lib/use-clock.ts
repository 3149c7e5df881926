import { useSyncExternalStore } from 'react';

const TICK_MS = 20_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const noSubscription = () => () => undefined;
const getNow = () => now;

/**
 * A coarse clock (20 s resolution) shared by every component that shows relative times such as
 * "idle 12 min". Components that show nothing time-dependent pass `enabled = false` and never re-render.
 */
export function useCoarseNow(enabled = true): number {
  return useSyncExternalStore(enabled ? subscribe : noSubscription, getNow);
}

/** Time source and timer scheduler of the presence engine, injected so tests can use a fake clock. */
export interface Clock {
  now(): number;
  /** Runs `callback` once after `delayMs`; the returned function cancels it. */
  schedule(callback: () => void, delayMs: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    // A pending grace timer must not keep a closing process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

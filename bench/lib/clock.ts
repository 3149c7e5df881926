/**
 * Wall-clock milliseconds with sub-millisecond resolution, comparable across the
 * processes of one machine (each process anchors its monotonic clock to the wall clock
 * once, at start). Used where a latency starts in one process and ends in another.
 */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

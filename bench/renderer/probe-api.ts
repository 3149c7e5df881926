/** What `probe.js` exposes on `window.__beaconBench` (typed for the Node side of `page.evaluate`). */
export interface LongTask {
  /** performance.now() of the page. */
  start: number;
  duration: number;
  name: string;
}

export interface FrameStats {
  count: number;
  maxGapMs: number;
  /** Frames that came more than 50 ms after the previous one. */
  over50: number;
}

export interface ProbeApi {
  longTaskSupport(): string;
  now(): number;
  longTasksBetween(start: number, end: number): LongTask[];
  armOpen(seq: number): void;
  whenOpened(): Promise<{ clickAt: number; visibleAt: number }>;
  visibleSeqs(): number[];
  startFrames(): void;
  stopFrames(): FrameStats | null;
  waitForQuiet(ms: number, timeoutMs: number): Promise<boolean>;
  usedHeap(): number | null;
}

/** `globalThis` of the page, as seen from functions passed to `page.evaluate`. */
export interface BenchWindow {
  __beaconBench: ProbeApi;
}

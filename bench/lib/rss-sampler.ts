import { rssBytes } from './proc-stats';

export interface RssSampler {
  /** The highest RSS seen so far, bytes. */
  peak(): number;
  /** Stops sampling (one last sample if the process still runs) and returns the peak. */
  stop(): number;
}

/**
 * Samples a process's RSS from /proc every `intervalMs` and keeps the peak. A process that has
 * exited is simply no longer sampled: the peak is what was seen while it ran.
 */
export function sampleRss(pid: number, intervalMs = 20): RssSampler {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // gone (or not yet exec'd): nothing to read
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    peak: () => peak,
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

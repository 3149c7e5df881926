import { readFileSync } from 'node:fs';

/**
 * Linux pressure stall information: the time (µs) during which at least one runnable
 * task waited for a CPU, since boot. Null where /proc/pressure is not available.
 */
function cpuStallMicros(): number | null {
  try {
    const match = /^some .*total=(\d+)$/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Measures how contended the CPUs were between `start` and `stop`: the share of the
 * time some task was ready to run but had no core (0 % on an idle machine; the
 * benchmark's own processes count too). It tells a noisy run from a clean one.
 */
export function cpuPressureMeter(): { stop(): number | null } {
  const stallAtStart = cpuStallMicros();
  const startedAt = performance.now();
  return {
    stop() {
      const stallAtEnd = cpuStallMicros();
      if (stallAtStart === null || stallAtEnd === null) return null;
      const wallMicros = (performance.now() - startedAt) * 1000;
      return (100 * (stallAtEnd - stallAtStart)) / wallMicros;
    },
  };
}

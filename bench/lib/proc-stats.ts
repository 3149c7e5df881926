import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat times; 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after it are positional.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Measures the CPU a process uses between `start()` and `stop()`, as a percentage of one core. */
export function cpuMeter(pid: number): {
  stop(): { cpuSeconds: number; wallSeconds: number; percentOfCore: number };
} {
  const cpuAtStart = cpuSeconds(pid);
  const wallAtStart = performance.now();
  return {
    stop() {
      const used = cpuSeconds(pid) - cpuAtStart;
      const wall = (performance.now() - wallAtStart) / 1000;
      return { cpuSeconds: used, wallSeconds: wall, percentOfCore: (used / wall) * 100 };
    },
  };
}

import type { RunningProcess } from '../lib/child';
import { startBeacon } from '../targets/beacon';

/** What the integrations scenarios share: the server's bench limits, clocks, formatting, a Beacon target. */

/**
 * The per-token limits the benchmark's server runs with: one token opens every stream and
 * sends every claim (the defaults, 20/s and 50 streams, are for real integrations).
 */
export const BENCH_API_RATE = [
  '--api-rate',
  '100000',
  '--api-burst',
  '100000',
  '--api-max-streams',
  '100000',
];

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** The send time a claim's activity carries (`t:<ms>`, see claim-driver.ts). */
export function sentAtOf(activity: string | null | undefined): number | null {
  if (!activity?.startsWith('t:')) return null;
  const value = Number(activity.slice(2));
  return Number.isFinite(value) ? value : null;
}

export function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `cpuProfileDir`: where the server writes a V8 CPU profile (`--cpu-prof`); undefined: none. */
export async function withBeacon<T>(
  dataDir: string,
  cpuProfileDir: string | undefined,
  run: (server: RunningProcess) => Promise<T>,
): Promise<T> {
  const server = await startBeacon(dataDir, { extraArgs: BENCH_API_RATE, cpuProfileDir });
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

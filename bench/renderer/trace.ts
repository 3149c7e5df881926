import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, when the platform reports it. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; type?: string } };
}

/** One main-thread task over 50 ms: its wall time, and how much of it the thread actually ran. */
export interface TracedTask {
  wallMs: number;
  cpuMs: number;
  /** What took the most time inside it (detailed traces only). */
  breakdown?: string;
}

export interface PhaseTrace {
  /** Main-thread tasks over 50 ms of wall time. */
  longTasks: TracedTask[];
  /** Of those, the ones that used over 50 ms of CPU (not just waited for a core). */
  cpuBoundLongTasks: number;
  /** Main-thread CPU time during the phase. */
  mainThreadCpuMs: number;
  file: string | null;
}

const LIGHT_CATEGORIES = ['toplevel'];
const DETAILED_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
];

/** Names that only wrap other work. */
const WRAPPERS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'RunMicrotasks']);

/**
 * A Chrome trace of one benchmark phase. The light one (category `toplevel`, cheap) tells each long
 * task's CPU time apart from its wall time: on a busy shared machine a task can exceed 50 ms only
 * because the thread waited for a core. The detailed one (`--trace`) is kept as a file for DevTools.
 */
export class PhaseTracer {
  constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly detailedFile: ((phase: string) => string) | null,
  ) {}

  start(): Promise<void> {
    return this.browser.startTracing(this.page, {
      screenshots: false,
      categories: this.detailedFile ? DETAILED_CATEGORIES : LIGHT_CATEGORIES,
    });
  }

  async stop(phase: string): Promise<PhaseTrace> {
    const buffer = await this.browser.stopTracing();
    const file = this.detailedFile?.(phase) ?? null;
    if (file) writeFileSync(file, buffer);
    const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    return { ...analyseMainThread(Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])), file };
  }
}

export function analyseMainThread(events: readonly TraceEvent[]): Omit<PhaseTrace, 'file'> {
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  if (!main) return { longTasks: [], cpuBoundLongTasks: 0, mainThreadCpuMs: 0 };
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts);
  // Detailed traces name a task RunTask (with a ThreadControllerImpl::RunTask inside); `toplevel` only has the latter.
  const taskName = onMain.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const tasks = onMain.filter((e) => e.name === taskName);
  const long = tasks.filter((e) => (e.dur ?? 0) > 50_000);
  const longTasks = long.map((task) => {
    const breakdown = breakdownOf(task, onMain);
    return {
      wallMs: (task.dur ?? 0) / 1000,
      cpuMs: (task.tdur ?? 0) / 1000,
      ...(breakdown ? { breakdown } : {}),
    };
  });
  return {
    longTasks,
    cpuBoundLongTasks: longTasks.filter((task) => task.cpuMs > 50).length,
    mainThreadCpuMs: tasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000,
  };
}

function breakdownOf(task: TraceEvent, onMain: readonly TraceEvent[]): string | null {
  const end = task.ts + (task.dur ?? 0);
  const byName = new Map<string, number>();
  for (const e of onMain) {
    if (e.ts < task.ts || e.ts + (e.dur ?? 0) > end || WRAPPERS.has(e.name)) continue;
    const data = e.args?.data;
    const key =
      e.name === 'FunctionCall' && data?.functionName
        ? `FunctionCall(${data.functionName})`
        : e.name === 'EventDispatch' && data?.type
          ? `EventDispatch(${data.type})`
          : e.name;
    byName.set(key, (byName.get(key) ?? 0) + (e.dur ?? 0));
  }
  if (byName.size === 0) return null;
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, us]) => `${name} ${(us / 1000).toFixed(0)} ms`)
    .join(', ');
}

import type { Browser, CDPSession, Page } from 'playwright-core';
import { startCpuProfile, stopCpuProfile } from './profile';
import type { PhaseHooks } from './scenarios';
import { type PhaseTrace, PhaseTracer } from './trace';

export interface PhaseObserverOptions {
  /** Keep a detailed Chrome trace per phase at this path (`--trace`). */
  traceFile: ((phase: string) => string) | null;
  /** Record a CPU profile per phase at this path (`--profile`). */
  profileFile: ((phase: string) => string) | null;
  print(title: string, lines: readonly string[]): void;
}

/**
 * Watches the scroll and storm phases from outside the page: always a light Chrome trace (to tell
 * each long task's CPU time from its wall time), on request a detailed trace and a CPU profile.
 */
export class PhaseObserver {
  private readonly tracer: PhaseTracer;
  private readonly traces = new Map<string, PhaseTrace>();

  constructor(
    browser: Browser,
    page: Page,
    private readonly cdp: CDPSession,
    private readonly options: PhaseObserverOptions,
  ) {
    this.tracer = new PhaseTracer(browser, page, options.traceFile);
  }

  hooks(phase: string): PhaseHooks {
    return {
      begin: async () => {
        await this.tracer.start();
        if (this.options.profileFile) await startCpuProfile(this.cdp);
      },
      end: async () => {
        const profileFile = this.options.profileFile?.(phase);
        if (profileFile) {
          const hottest = await stopCpuProfile(this.cdp, profileFile);
          this.options.print(
            `Hottest functions (self time) in the ${phase} phase (${profileFile}):`,
            hottest,
          );
        }
        const trace = await this.tracer.stop(phase);
        this.traces.set(phase, trace);
        if (trace.file) {
          this.options.print(
            `Long tasks in the ${phase} trace (${trace.file}):`,
            trace.longTasks.map(
              (task) =>
                `${task.wallMs.toFixed(0)} ms (CPU ${task.cpuMs.toFixed(0)} ms): ${task.breakdown ?? ''}`,
            ),
          );
        }
      },
    };
  }

  traceOf(phase: string): PhaseTrace {
    const trace = this.traces.get(phase);
    if (!trace) throw new Error(`no trace of the ${phase} phase`);
    return trace;
  }
}

import { type DeviceFact, IdleMachine, type IdleSnapshot } from './idle-machine';

export type PowerEvent = 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume';

/** Electron's powerMonitor, reduced to what idle detection needs. */
export interface PowerSource {
  getSystemIdleTime(): number;
  on(event: PowerEvent, listener: () => void): void;
  off(event: PowerEvent, listener: () => void): void;
}

export interface Scheduler {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface IdleMonitorOptions {
  power: PowerSource;
  scheduler: Scheduler;
  thresholdSeconds: number;
  /** How often the OS idle time is read. */
  pollSeconds?: number;
  /** This device's state changed (a fact, never a status). */
  onChange(fact: DeviceFact): void;
}

const POWER_EVENTS: readonly PowerEvent[] = ['lock-screen', 'unlock-screen', 'suspend', 'resume'];

/** Feeds the idle machine from the OS (a poll of the idle time plus power events); reports each change. */
export class IdleMonitor {
  private readonly machine: IdleMachine;
  private timer: unknown = null;
  private readonly listeners = new Map<PowerEvent, () => void>();

  constructor(private readonly options: IdleMonitorOptions) {
    this.machine = new IdleMachine(options.thresholdSeconds, options.scheduler.now());
  }

  start(): void {
    if (this.timer !== null) return;
    for (const event of POWER_EVENTS) {
      const listener = () =>
        this.dispatch(this.machine.handle({ type: event, now: this.options.scheduler.now() }));
      this.listeners.set(event, listener);
      this.options.power.on(event, listener);
    }
    const pollMs = (this.options.pollSeconds ?? 10) * 1000;
    this.timer = this.options.scheduler.setInterval(() => this.poll(), pollMs);
  }

  stop(): void {
    if (this.timer !== null) this.options.scheduler.clearInterval(this.timer);
    this.timer = null;
    for (const [event, listener] of this.listeners) this.options.power.off(event, listener);
    this.listeners.clear();
  }

  /** Reads the OS idle time now (also used by the end-to-end test hook). */
  poll(): void {
    const idleSeconds = this.options.power.getSystemIdleTime();
    this.dispatch(this.machine.handle({ type: 'tick', idleSeconds, now: this.options.scheduler.now() }));
  }

  setThresholdSeconds(seconds: number): void {
    this.machine.handle({ type: 'threshold', seconds });
  }

  snapshot(): IdleSnapshot {
    return this.machine.snapshot();
  }

  private dispatch(fact: DeviceFact | null): void {
    if (fact) this.options.onChange(fact);
  }
}

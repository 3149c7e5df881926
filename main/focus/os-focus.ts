import type { Scheduler } from '../idle/idle-monitor';
import { errorMessage, type Logger } from '../logger';

/**
 * What the operating system says about its own quiet modes. `null` is "not known" (no source
 * on this OS, the native module is missing or failed): unknown never mutes anything.
 */
export interface OsFocusReading {
  /** Windows Focus Assist / Do not disturb, macOS Focus: the OS holds back notifications. */
  doNotDisturb: boolean | null;
  /** A presentation or a full-screen app is running (Windows only tells this). */
  presenting: boolean | null;
  /** What the OS calls the quiet mode that is on ("Focus Assist", "Focus"), for the tray. */
  name?: string | null;
}

/** The OS focus source (main/adapters/os-focus.ts in the app, a fake in tests). */
export interface OsFocusPort {
  /** May be asynchronous (macOS answers with a promise); may throw. */
  read(): OsFocusReading | Promise<OsFocusReading>;
}

export const UNKNOWN_OS_FOCUS: Readonly<OsFocusReading> = Object.freeze({
  doNotDisturb: null,
  presenting: null,
  name: null,
});

export interface OsFocusMonitorOptions {
  port: OsFocusPort;
  scheduler: Scheduler;
  log: Logger;
  /** How often the OS is asked (default 5 s). */
  pollSeconds?: number;
  onChange(reading: OsFocusReading): void;
}

/**
 * Polls the OS focus source and keeps the last reading. A source that throws, rejects or
 * answers nonsense counts as unknown (notifications keep working) and is logged once.
 */
export class OsFocusMonitor {
  private reading: OsFocusReading = UNKNOWN_OS_FOCUS;
  private timer: unknown = null;
  private inFlight = false;
  private failureLogged = false;
  private stopped = false;

  constructor(private readonly options: OsFocusMonitorOptions) {}

  start(): void {
    if (this.timer !== null) return;
    this.stopped = false;
    this.refresh();
    const pollMs = (this.options.pollSeconds ?? 5) * 1000;
    this.timer = this.options.scheduler.setInterval(() => this.refresh(), pollMs);
  }

  stop(): void {
    if (this.timer !== null) this.options.scheduler.clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
  }

  /** The last reading (at most one poll old; fresh after `refresh()` for a synchronous source). */
  get current(): OsFocusReading {
    return this.reading;
  }

  /** Asks the OS now. A synchronous source updates `current` before this returns. */
  refresh(): void {
    if (this.inFlight) return;
    let result: OsFocusReading | Promise<OsFocusReading>;
    try {
      result = this.options.port.read();
    } catch (error) {
      this.failed(error);
      return;
    }
    if (isPromise(result)) {
      this.inFlight = true;
      result.then(
        (reading) => {
          this.inFlight = false;
          if (!this.stopped) this.apply(reading);
        },
        (error: unknown) => {
          this.inFlight = false;
          if (!this.stopped) this.failed(error);
        },
      );
      return;
    }
    this.apply(result);
  }

  private failed(error: unknown): void {
    if (!this.failureLogged) {
      this.failureLogged = true;
      this.options.log.warn('cannot read the OS focus state; notifications are not affected by it', {
        error: errorMessage(error),
      });
    }
    this.apply(UNKNOWN_OS_FOCUS);
  }

  private apply(raw: unknown): void {
    const next = normalise(raw);
    const previous = this.reading;
    if (
      next.doNotDisturb === previous.doNotDisturb &&
      next.presenting === previous.presenting &&
      next.name === previous.name
    )
      return;
    this.reading = next;
    this.options.log.info('OS focus changed', { ...next });
    this.options.onChange(next);
  }
}

function normalise(raw: unknown): OsFocusReading {
  if (typeof raw !== 'object' || raw === null) return UNKNOWN_OS_FOCUS;
  const value = raw as Record<string, unknown>;
  const flag = (key: string) => (typeof value[key] === 'boolean' ? (value[key] as boolean) : null);
  const doNotDisturb = flag('doNotDisturb');
  return {
    doNotDisturb,
    presenting: flag('presenting'),
    name: doNotDisturb === true && typeof value.name === 'string' ? value.name : null,
  };
}

function isPromise(value: unknown): value is Promise<OsFocusReading> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

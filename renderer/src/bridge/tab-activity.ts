import type { DeviceActivityPayload } from '@beacon/protocol';
import { deviceLabel } from '../../../common/device-label';

const INPUT_EVENTS = ['pointermove', 'pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export interface TabActivityOptions {
  /** The idle threshold now (the `idleMinutes` setting), in milliseconds. */
  thresholdMs(): number;
  onChange(report: DeviceActivityPayload): void;
}

/**
 * The web host's device activity: input in this tab only (a browser cannot see the OS idle time,
 * a locked screen or a suspend). Reports the same facts as the desktop — `idle` since the last
 * input once the threshold passes, `active` again on input — labelled "Web". Facts only.
 */
export class TabActivity {
  private report: DeviceActivityPayload;
  private lastInput = Date.now();
  private timer: number | undefined;
  private running = false;
  private readonly onInput = (): void => this.input();

  constructor(
    private readonly win: Window,
    private readonly options: TabActivityOptions,
  ) {
    this.report = { state: 'active', since: this.lastInput, label: deviceLabel('web'), osFocus: null };
  }

  get current(): DeviceActivityPayload {
    return this.report;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const name of INPUT_EVENTS) this.win.addEventListener(name, this.onInput, { passive: true });
    this.arm();
  }

  stop(): void {
    this.running = false;
    for (const name of INPUT_EVENTS) this.win.removeEventListener(name, this.onInput);
    if (this.timer !== undefined) this.win.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The threshold changed: wait for the new one. */
  rearm(): void {
    if (this.running) this.arm();
  }

  private input(): void {
    this.lastInput = Date.now();
    if (this.report.state === 'idle') {
      this.change({ state: 'active', since: this.lastInput });
      this.arm();
    }
  }

  /** One timer per idle period; input only records a time, so pointer moves stay cheap. */
  private arm(): void {
    if (this.timer !== undefined) this.win.clearTimeout(this.timer);
    const limit = this.options.thresholdMs();
    const wait = Math.max(1_000, this.lastInput + limit - Date.now());
    this.timer = this.win.setTimeout(() => {
      this.timer = undefined;
      if (this.report.state === 'idle') return;
      if (Date.now() - this.lastInput < limit) {
        this.arm();
        return;
      }
      this.change({ state: 'idle', since: this.lastInput });
    }, wait);
  }

  private change(fact: Pick<DeviceActivityPayload, 'state' | 'since'>): void {
    this.report = { ...this.report, ...fact };
    this.options.onChange(this.report);
  }
}

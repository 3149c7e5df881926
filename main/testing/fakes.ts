import { join } from 'node:path';
import type { EventName, EventPayloads } from '../../common/ipc';
import type { BadgeModel } from '../badge/badge-model';
import type { DownloadsPort } from '../downloads/download-manager';
import type { Scheduler } from '../idle/idle-monitor';
import type { Logger } from '../logger';
import type { BadgePort, MainWindowPort, TrayPort } from '../shell/ports';
import type { TrayModel } from '../tray/tray-model';

/** Test doubles for the Electron-facing ports (unit tests only). */

export class FakeScheduler implements Scheduler {
  private time: number;
  private readonly timers = new Map<number, { callback: () => void; every: number; next: number }>();
  private nextId = 1;

  constructor(start = Date.UTC(2025, 0, 6, 10, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setInterval(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { callback, every: ms, next: this.time + ms });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get activeTimers(): number {
    return this.timers.size;
  }

  /** Moves the clock, firing due intervals in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: { callback: () => void; every: number; next: number } | null = null;
      for (const timer of this.timers.values())
        if (timer.next <= end && (!due || timer.next < due.next)) due = timer;
      if (!due) break;
      this.time = due.next;
      due.next += due.every;
      due.callback();
    }
    this.time = end;
  }
}

/** The unit tests' power source is the e2e one: idle time and events set by the test. */
export { ScriptedPower as FakePower } from './e2e-hooks';

export interface SentEvent {
  name: EventName;
  payload: unknown;
}

export class FakeWindow implements MainWindowPort {
  visible = true;
  focused = true;
  minimized = false;
  flashing = false;
  shows = 0;
  readonly sent: SentEvent[] = [];

  show(): void {
    this.shows++;
    this.visible = true;
    this.focused = true;
    this.minimized = false;
  }

  hide(): void {
    this.visible = false;
    this.focused = false;
  }

  isVisible(): boolean {
    return this.visible;
  }

  isFocused(): boolean {
    return this.focused;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  send<N extends EventName>(name: N, payload: EventPayloads[N]): void {
    this.sent.push({ name, payload });
  }

  flashFrame(flash: boolean): void {
    this.flashing = flash;
  }

  sentOf<N extends EventName>(name: N): EventPayloads[N][] {
    return this.sent.filter((event) => event.name === name).map((event) => event.payload as EventPayloads[N]);
  }
}

export class FakeTray implements TrayPort {
  model: TrayModel | null = null;
  renders = 0;

  render(model: TrayModel): void {
    this.model = model;
    this.renders++;
  }
}

export class FakeBadge implements BadgePort {
  model: BadgeModel | null = null;

  apply(model: BadgeModel): void {
    this.model = model;
  }
}

export class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string; details?: Record<string, unknown> }[] =
    [];

  info(message: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, details });
  }

  warn(message: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, details });
  }

  error(message: string, details?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, details });
  }

  messages(level?: 'info' | 'warn' | 'error'): string[] {
    return this.lines.filter((line) => !level || line.level === level).map((line) => line.message);
  }
}

export class FakeDownloads implements DownloadsPort {
  static readonly FOLDER = join('/home', 'alice', 'Downloads');
  readonly started: Array<{ url: string; headers: Record<string, string> }> = [];
  readonly files = new Set<string>();
  readonly revealed: string[] = [];

  start(url: string, headers: Record<string, string>): void {
    this.started.push({ url, headers });
  }

  downloadsFolder(): string {
    return FakeDownloads.FOLDER;
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  showInFolder(path: string): void {
    this.revealed.push(path);
  }
}

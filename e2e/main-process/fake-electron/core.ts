/**
 * The shared state of the fake Electron: the call log, Electron's rules and their violations.
 * One instance per process, on globalThis, so the ESM `import 'electron'` and the bundle's
 * `require('electron')` see the same objects.
 */

export type Phase = 'before-ready' | 'after-ready' | 'quitting';

export interface CallRecord {
  api: string;
  phase: Phase;
  detail?: unknown;
}

export class Core {
  ready = false;
  quitting = false;
  readonly calls: CallRecord[] = [];
  /** Electron rules the app broke (each also threw in the app, as Electron does). */
  readonly violations: string[] = [];
  private readyListeners: Array<() => void> = [];

  get phase(): Phase {
    if (this.quitting) return 'quitting';
    return this.ready ? 'after-ready' : 'before-ready';
  }

  record(api: string, detail?: unknown): void {
    this.calls.push({ api, phase: this.phase, ...(detail === undefined ? {} : { detail }) });
  }

  /** Throws like Electron when an API that needs a ready app is used before `ready`. */
  requireReady(api: string): void {
    if (this.ready) return;
    const message = `${api} cannot be used before the app is ready`;
    this.violations.push(message);
    throw new Error(message);
  }

  /** Throws like Electron when an API that must run before `ready` runs after it. */
  requireNotReady(api: string): void {
    if (!this.ready) return;
    const message = `${api} can only be called before the app is ready`;
    this.violations.push(message);
    throw new Error(message);
  }

  violation(message: string): Error {
    this.violations.push(message);
    return new Error(message);
  }

  onReady(listener: () => void): void {
    if (this.ready) listener();
    else this.readyListeners.push(listener);
  }

  markReady(): void {
    this.ready = true;
    const listeners = this.readyListeners;
    this.readyListeners = [];
    for (const listener of listeners) listener();
  }
}

/** Structured clone as Electron's IPC does it: functions, symbols, DOM-less classes fail. */
export function ipcClone<T>(value: T, what: string): T {
  try {
    return structuredClone(value);
  } catch (error) {
    throw new Error(`${what}: An object could not be cloned. (${(error as Error).message})`);
  }
}

export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventableEvent<T extends object>(extra?: T): PreventableEvent & T {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
    ...(extra ?? ({} as T)),
  };
  return event as PreventableEvent & T;
}

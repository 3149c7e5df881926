import { type Clock, systemClock } from '../presence/clock';

/** At most one typing notice per conversation per session is forwarded within this window. */
export const TYPING_FORWARD_INTERVAL_MS = 300;

interface KeyState<T> {
  /** The last value forwarded for the key. */
  forwarded: T;
  /** The newest value offered while the window was closed, if any. */
  pending: { value: T } | null;
  cancelWindow: () => void;
}

/**
 * Leading-and-trailing throttle per key: the first value is forwarded at once, then
 * at most one per `intervalMs` — the newest one, and only if it differs from the
 * last forwarded. So a burst costs one or two forwards, and the final state (e.g.
 * "stopped typing") is never lost. Holds state only for keys inside their window.
 */
export class LatestValueThrottle<T> {
  private readonly keys = new Map<string, KeyState<T>>();

  constructor(
    private readonly forward: (key: string, value: T) => void,
    private readonly options: { intervalMs?: number; clock?: Clock; same?: (a: T, b: T) => boolean } = {},
  ) {}

  offer(key: string, value: T): void {
    const state = this.keys.get(key);
    if (state) {
      state.pending = { value };
      return;
    }
    this.forwardAndOpenWindow(key, value);
  }

  /** Drops every pending value and timer (the session ended). */
  dispose(): void {
    for (const state of this.keys.values()) state.cancelWindow();
    this.keys.clear();
  }

  /** Keys currently inside their window (for tests and diagnostics). */
  get activeKeys(): number {
    return this.keys.size;
  }

  private forwardAndOpenWindow(key: string, value: T): void {
    const clock = this.options.clock ?? systemClock;
    const state: KeyState<T> = {
      forwarded: value,
      pending: null,
      cancelWindow: clock.schedule(
        () => this.closeWindow(key, state),
        this.options.intervalMs ?? TYPING_FORWARD_INTERVAL_MS,
      ),
    };
    this.keys.set(key, state);
    this.forward(key, value);
  }

  private closeWindow(key: string, state: KeyState<T>): void {
    if (this.keys.get(key) !== state) return;
    this.keys.delete(key);
    const same = this.options.same ?? Object.is;
    if (state.pending && !same(state.pending.value, state.forwarded)) {
      this.forwardAndOpenWindow(key, state.pending.value);
    }
  }
}

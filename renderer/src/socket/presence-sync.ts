import type { Presence } from '@beacon/protocol';
import type { AppStore } from '../store';
import { computePresenceTargets } from '../store/selectors';
import type { AppState } from '../store/types';

export interface PresenceSyncDeps {
  store: AppStore;
  /** Sends `presence:subscribe` with the full set; resolves with the current presences. */
  subscribe(userIds: string[]): Promise<Presence[]>;
  isOnline(): boolean;
  debounceMs?: number;
}

function targetInputs(state: AppState) {
  return [
    state.me,
    state.activeConversationId,
    state.conversations,
    state.searches,
    state.visibleContactIds,
    state.contactIds,
  ] as const;
}

/**
 * Keeps the server-side presence subscription equal to the people on screen. The set is recomputed
 * only when one of its inputs changes (never on presence updates themselves), and sent, debounced,
 * only when it differs from the last set the server accepted.
 */
export class PresenceSync {
  private lastInputs: ReturnType<typeof targetInputs> | null = null;
  private wanted: string[] = [];
  private acceptedKey: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | null = null;
  private sending = false;
  private failures = 0;

  constructor(private readonly deps: PresenceSyncDeps) {}

  start(): void {
    this.unsubscribe = this.deps.store.subscribe((state) => this.onState(state));
    this.onState(this.deps.store.getState());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** After (re)connecting: the server forgot the subscription, so send it again now. */
  resubscribe(): void {
    this.acceptedKey = null;
    this.failures = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    void this.send();
  }

  /** The set currently wanted (for tests and diagnostics). */
  currentTargets(): readonly string[] {
    return this.wanted;
  }

  private onState(state: AppState): void {
    const inputs = targetInputs(state);
    if (this.lastInputs && inputs.every((value, i) => Object.is(value, this.lastInputs?.[i]))) return;
    this.lastInputs = inputs;
    if (!state.me) return;
    this.wanted = computePresenceTargets(state);
    if (keyOf(this.wanted) === this.acceptedKey) return;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const debounce = this.deps.debounceMs ?? 250;
    const delay = this.failures === 0 ? debounce : Math.min(30_000, debounce * 2 ** (this.failures + 2));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, delay);
  }

  private async send(): Promise<void> {
    if (!this.deps.isOnline() || !this.deps.store.getState().me) return;
    if (this.sending) {
      this.schedule();
      return;
    }
    const targets = this.wanted;
    const key = keyOf(targets);
    if (key === this.acceptedKey) return;
    if (targets.length === 0 && this.acceptedKey === null) {
      // A new connection starts with no subscription: nothing to send.
      this.acceptedKey = key;
      return;
    }
    this.sending = true;
    try {
      const presences = await this.deps.subscribe([...targets]);
      this.acceptedKey = key;
      this.failures = 0;
      this.deps.store.getState().applyPresences(presences);
    } catch {
      // Retried with a growing delay, and at once on reconnect.
      this.failures += 1;
    } finally {
      this.sending = false;
    }
    if (keyOf(this.wanted) !== this.acceptedKey && this.deps.isOnline()) this.schedule();
  }
}

function keyOf(ids: readonly string[]): string {
  return [...ids].sort().join('\n');
}

import type { Presence, PresenceSetPayload, PresenceStatus } from '@beacon/protocol';
import { type Clock, systemClock } from './clock';

/** What others see (`others`) and what the user's own sessions see (`own`), when either changed. */
export interface PresenceChange {
  userId: string;
  /** Set when the presence others see changed. */
  others?: Presence;
  /** Set when the presence the user's own sessions see changed. */
  own?: Presence;
}

export type PresenceListener = (change: PresenceChange) => void;

export interface PresenceEngineOptions {
  clock?: Clock;
  /** Delay between the last session leaving and the user showing `offline`. */
  graceMs: number;
}

type Shown = Pick<Presence, 'status' | 'message' | 'idleSince'>;

interface SessionState {
  /** When this session went idle (or locked); null while active. */
  idleSince: number | null;
}

interface UserState {
  /** The status the user chose; shared by all sessions. Automatic away is never stored here. */
  manualStatus: PresenceStatus;
  message: string | null;
  sessions: Map<string, SessionState>;
  /** False once the user is offline: no session left and the grace period over (or never connected). */
  online: boolean;
  cancelGrace: (() => void) | null;
  others: Presence;
  own: Presence;
}

const OFFLINE: Shown = { status: 'offline', message: null, idleSince: null };

/**
 * The presence rules of the wire contract, in memory, one state per user:
 *
 * - The manual status (and note) is the user's, shared by all sessions.
 * - Each session is active or idle; automatic `away` shows only while every session
 *   is idle, and only over `available`. `busy`/`dnd`/manual `away` stay, with
 *   `idleSince` = the latest session idle time (when the user as a whole became idle).
 * - `offline` chosen by the user means "appear offline": others see offline, the
 *   user's own sessions see the real state.
 * - When the last session leaves, others keep seeing the last presence for the grace
 *   period; a session that returns within it causes no change at all.
 * - `updatedAt` moves only when what others see (resp. the user sees) changes.
 *
 * See docs/presence.md for the choices the contract leaves open.
 */
export class PresenceEngine {
  private readonly clock: Clock;
  private readonly graceMs: number;
  private readonly users = new Map<string, UserState>();
  private readonly listeners = new Set<PresenceListener>();
  private readonly startedAt: number;

  constructor(options: PresenceEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.graceMs = Math.max(0, options.graceMs);
    this.startedAt = this.clock.now();
  }

  onChange(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A session of `userId` connected (active). Returns the presence the user's sessions see. */
  connect(userId: string, sessionId: string): Presence {
    const state = this.stateOf(userId);
    state.cancelGrace?.();
    state.cancelGrace = null;
    if (!state.online) {
      // A manual "away" does not outlive an offline period; busy, dnd and appear-offline do.
      if (state.manualStatus === 'away') state.manualStatus = 'available';
      state.online = true;
    }
    state.sessions.set(sessionId, { idleSince: null });
    this.publish(userId, state);
    return state.own;
  }

  /** A session left (closed, or timed out). The user goes offline after the grace period unless one returns. */
  disconnect(userId: string, sessionId: string): void {
    const state = this.users.get(userId);
    if (!state?.sessions.delete(sessionId)) return;
    if (state.sessions.size > 0) {
      this.publish(userId, state);
      return;
    }
    if (this.graceMs === 0) {
      this.goOffline(userId, state);
      return;
    }
    state.cancelGrace = this.clock.schedule(() => {
      state.cancelGrace = null;
      if (state.sessions.size === 0) this.goOffline(userId, state);
    }, this.graceMs);
  }

  /**
   * Applies `presence:set` from one session. Automatic changes (`auto: true`) only
   * mark this session idle (any status but `available`) or active (`available`);
   * they never change the user's chosen status. Manual changes set the chosen status
   * and, when `message` is present, the note (null or "" clears it).
   */
  set(userId: string, sessionId: string, change: PresenceSetPayload): Presence {
    const state = this.users.get(userId);
    const session = state?.sessions.get(sessionId);
    if (!state || !session) throw new Error(`presence: session ${sessionId} of ${userId} is not connected`);
    const now = this.clock.now();
    const clampIdle = (since: number) => Math.min(since, now);
    if (change.auto === true) {
      const idle = change.status !== 'available' || typeof change.idleSince === 'number';
      session.idleSince = idle ? clampIdle(change.idleSince ?? now) : null;
    } else {
      state.manualStatus = change.status;
      session.idleSince = typeof change.idleSince === 'number' ? clampIdle(change.idleSince) : null;
    }
    if (change.message !== undefined) state.message = change.message === '' ? null : change.message;
    this.publish(userId, state);
    return state.own;
  }

  /** The presence others see. */
  presenceOf(userId: string): Presence {
    return this.users.get(userId)?.others ?? this.neverSeen(userId);
  }

  /** The presence `viewerId` sees of `userId`: the real one for oneself, else what others see. */
  viewFor(viewerId: string, userId: string): Presence {
    const state = this.users.get(userId);
    if (!state) return this.neverSeen(userId);
    return viewerId === userId ? state.own : state.others;
  }

  sessionCount(userId: string): number {
    return this.users.get(userId)?.sessions.size ?? 0;
  }

  /** Cancels pending grace timers (server shutdown). */
  dispose(): void {
    for (const state of this.users.values()) {
      state.cancelGrace?.();
      state.cancelGrace = null;
    }
    this.listeners.clear();
  }

  private stateOf(userId: string): UserState {
    let state = this.users.get(userId);
    if (!state) {
      const offline = this.neverSeen(userId);
      state = {
        manualStatus: 'available',
        message: null,
        sessions: new Map(),
        online: false,
        cancelGrace: null,
        others: offline,
        own: offline,
      };
      this.users.set(userId, state);
    }
    return state;
  }

  private neverSeen(userId: string): Presence {
    return { userId, ...OFFLINE, updatedAt: this.startedAt };
  }

  private goOffline(userId: string, state: UserState): void {
    state.online = false;
    this.publish(userId, state);
  }

  private publish(userId: string, state: UserState): void {
    const { own, others } = this.compute(state);
    const now = this.clock.now();
    const change: PresenceChange = { userId };
    if (!sameShown(state.own, own)) {
      state.own = { userId, ...own, updatedAt: now };
      change.own = state.own;
    }
    if (!sameShown(state.others, others)) {
      // When both views are the same, keep them one object with one updatedAt.
      state.others = change.own && sameShown(own, others) ? state.own : { userId, ...others, updatedAt: now };
      change.others = state.others;
    }
    if (!change.own && !change.others) return;
    for (const listener of this.listeners) listener(change);
  }

  private compute(state: UserState): { own: Shown; others: Shown } {
    if (!state.online) return { own: OFFLINE, others: OFFLINE };
    const idleSince = allIdleSince(state.sessions);
    const status: PresenceStatus =
      state.manualStatus === 'available' && idleSince !== null ? 'away' : state.manualStatus;
    const own: Shown = { status, message: state.message, idleSince };
    return { own, others: state.manualStatus === 'offline' ? OFFLINE : own };
  }
}

/** The time every session had become idle (the latest idle start), or null if one is active. */
function allIdleSince(sessions: Map<string, SessionState>): number | null {
  if (sessions.size === 0) return null;
  let latest = 0;
  for (const session of sessions.values()) {
    if (session.idleSince === null) return null;
    latest = Math.max(latest, session.idleSince);
  }
  return latest;
}

function sameShown(a: Shown, b: Shown): boolean {
  return a.status === b.status && a.message === b.message && a.idleSince === b.idleSince;
}

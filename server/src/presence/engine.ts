import type {
  DeviceActivityPayload,
  DeviceState,
  OutOfOffice,
  Presence,
  PresenceSetPayload,
} from '@beacon/protocol';
import { type Clock, systemClock } from './clock';
import { DeadlineScheduler } from './deadline-scheduler';
import { effectivePresence, type IdlePrecision } from './effective';
import {
  type ClaimLayer,
  type DeviceSession,
  defaultLayers,
  dropExpired,
  nextLayerDeadline,
  type PresenceLayers,
} from './layers';
import { PersistQueue, type PresenceLayerStore } from './persist-queue';
import { requireFutureUntil } from './times';
import { applyDeviceState, offlinePresence, ownOfflinePresence, sameView } from './views';

/** What others see (`others`) and what the user's own sessions see (`own`), when either changed. */
export interface PresenceChange {
  userId: string;
  /** Set when the presence others see changed. */
  others?: Presence;
  /** Set when the presence the user's own sessions see changed (only while the user has a session). */
  own?: Presence;
}

export type PresenceListener = (change: PresenceChange) => void;

export interface PresenceEngineOptions {
  clock?: Clock;
  /** Delay between the last session leaving and the user showing `offline`. */
  graceMs: number;
  /** Where chosen status, out of office and claims are kept across restarts; none: memory only. */
  layerStore?: PresenceLayerStore;
  /** How exactly others see idle times (default `exact`). */
  idlePrecision?: IdlePrecision;
  /** Told about a failed write of the layers (the engine keeps going on its memory). */
  onPersistError?: (error: unknown, userId: string) => void;
  /**
   * Who acts on a user's deadline (an expiry or the end of a grace period). Omitted: the
   * engine itself. A cluster replica hands it to the one node that fires expiries, which
   * feeds it back to every replica through `expire` (cluster/replicated-presence.ts).
   */
  onDeadline?: (userId: string) => void;
}

/** A claim as other systems set it; `until` omitted or null: at most `CLAIM_MAX_MS`. */
export type ClaimInput = Omit<ClaimLayer, 'until'> & { until?: number | null };
/** A claim without an end lasts at most this long (docs/PROTOCOL.md, integration API). */
export const CLAIM_MAX_MS = 24 * 60 * 60 * 1000;
export const UNKNOWN_DEVICE_LABEL = 'Unknown device';

interface UserState {
  layers: PresenceLayers;
  sessions: Map<string, DeviceSession>;
  /** False once the user is offline: no session left and the grace period over (or never connected). */
  online: boolean;
  /** When the grace period of the last session that left ends, or null. */
  graceEndsAt: number | null;
  others: Presence;
  own: Presence;
}

/**
 * Presence v2: the server computes every user's presence from layers (chosen, out of office,
 * claims, devices; see layers.ts and effective.ts) and emits a change the moment one is set,
 * a session comes or goes, or a layer starts or ends. One DeadlineScheduler drives every expiry
 * and grace period on the injected clock. Layers but devices are written through the
 * `layerStore`; `whenPersisted()` resolves once every write so far has committed.
 *
 * See docs/presence.md for the rules and the choices the contract leaves open.
 */
export class PresenceEngine {
  private readonly clock: Clock;
  private readonly graceMs: number;
  private readonly idlePrecision: IdlePrecision;
  private readonly users = new Map<string, UserState>();
  private readonly listeners = new Set<PresenceListener>();
  private readonly startedAt: number;
  private readonly scheduler: DeadlineScheduler;
  private readonly persistence: PersistQueue | null;
  private layerWrites = true;

  constructor(options: PresenceEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.graceMs = Math.max(0, options.graceMs);
    this.idlePrecision = options.idlePrecision ?? 'exact';
    this.startedAt = this.clock.now();
    const onDeadline = options.onDeadline ?? ((userId: string) => this.expire(userId));
    this.scheduler = new DeadlineScheduler(this.clock, onDeadline);
    this.persistence = options.layerStore
      ? new PersistQueue(options.layerStore, options.onPersistError ?? (() => {}))
      : null;
  }

  /** Loads every stored user's layers in one query (before the server accepts connections). */
  async load(): Promise<number> {
    if (!this.persistence) return 0;
    const records = await this.persistence.loadAll();
    const now = this.clock.now();
    for (const { userId, layers } of records) {
      const state = this.stateOf(userId);
      state.layers = layers;
      if (dropExpired(layers, now)) this.persist(userId, state);
      this.reschedule(userId, state);
    }
    return records.length;
  }

  onChange(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A session of `userId` connected (active). Returns the presence the user's sessions see. */
  connect(userId: string, sessionId: string, label = UNKNOWN_DEVICE_LABEL): Presence {
    const state = this.stateOf(userId);
    state.graceEndsAt = null;
    if (!state.online) {
      // A manual "away" does not outlive an offline period; busy, dnd and appear-offline do.
      if (state.layers.chosen.status === 'away') {
        state.layers.chosen = { status: 'available', message: state.layers.chosen.message, until: null };
        this.persist(userId, state);
      }
      state.online = true;
    }
    const existing = state.sessions.get(sessionId);
    if (existing) existing.label = label;
    else state.sessions.set(sessionId, { state: 'active', since: this.clock.now(), label, osFocus: null });
    this.update(userId, state);
    return state.own;
  }

  /**
   * Puts back a session another node hosts, as that node reports it (a cluster replica
   * joining late). Unlike `connect`, it keeps the device state and touches no layer.
   */
  restoreSession(userId: string, sessionId: string, session: DeviceSession): void {
    const state = this.stateOf(userId);
    state.graceEndsAt = null;
    state.online = true;
    state.sessions.set(sessionId, { ...session });
    this.update(userId, state);
  }

  /**
   * Takes over another node's views of `userId` when they show the same as this engine's (a
   * joining replica): their `updatedAt` says since when, which this engine cannot know.
   */
  adoptViews(userId: string, views: { others: Presence; own: Presence }): void {
    const state = this.users.get(userId);
    if (!state) return;
    const shown = ({ userId: _userId, updatedAt: _updatedAt, ...view }: Presence) => view;
    if (sameView(views.others, shown(state.others))) state.others = { ...views.others };
    if (sameView(views.own, shown(state.own))) state.own = { ...views.own };
  }

  /** The sessions of `userId` (device states, copies), for a cluster replica's snapshot. */
  sessionsOf(userId: string): Map<string, DeviceSession> {
    const sessions = this.users.get(userId)?.sessions;
    return new Map([...(sessions ?? [])].map(([id, session]) => [id, { ...session }]));
  }

  /** A session left (closed, or timed out). The user goes offline after the grace period unless one returns. */
  disconnect(userId: string, sessionId: string): void {
    const state = this.users.get(userId);
    if (!state?.sessions.delete(sessionId)) return;
    if (state.sessions.size === 0) {
      if (this.graceMs === 0) state.online = false;
      else state.graceEndsAt = this.clock.now() + this.graceMs;
    }
    this.update(userId, state);
  }

  /**
   * `presence:set`. v1's automatic changes (`auto: true`) are device reports: this session
   * idle since `idleSince` (any status but `available`, or an `idleSince` given) or active;
   * they never touch the chosen layer. Anything else is a choice: status, note (omitted:
   * kept; null or "": cleared) and `until`; and, as in v1, this session active unless an
   * `idleSince` says it is idle.
   */
  set(userId: string, sessionId: string, change: PresenceSetPayload): Presence {
    const { state, session } = this.sessionOf(userId, sessionId);
    const idleSince = typeof change.idleSince === 'number' ? change.idleSince : undefined;
    if (change.auto === true) {
      const idle = change.status !== 'available' || idleSince !== undefined;
      this.applyDevice(session, idle ? 'idle' : 'active', idleSince);
    } else {
      const until = change.until ?? null;
      if (until !== null) requireFutureUntil('until', until, this.clock.now());
      const message = change.message === undefined ? state.layers.chosen.message : change.message || null;
      state.layers.chosen = { status: change.status, message, until };
      this.applyDevice(session, idleSince === undefined ? 'active' : 'idle', idleSince);
      this.persist(userId, state);
    }
    this.update(userId, state);
    return state.own;
  }

  /** `device:activity`: this session's state, label and OS focus. Never changes the chosen layer. */
  reportDevice(userId: string, sessionId: string, report: DeviceActivityPayload): Presence {
    const { state, session } = this.sessionOf(userId, sessionId);
    this.applyDevice(session, report.state, report.since);
    if (report.label !== undefined) session.label = report.label;
    if (report.osFocus !== undefined) session.osFocus = report.osFocus?.name ?? null;
    this.update(userId, state);
    return state.own;
  }

  /** Sets (or with null, ends) the out-of-office layer. */
  setOutOfOffice(userId: string, outOfOffice: OutOfOffice | null): Presence {
    const state = this.stateOf(userId);
    if (outOfOffice) requireFutureUntil('to', outOfOffice.to, this.clock.now());
    state.layers.outOfOffice = outOfOffice ? { ...outOfOffice } : null;
    this.persist(userId, state);
    this.update(userId, state);
    return state.own;
  }

  /** Sets or replaces the claim `id` of `source` (the integration API's entry point). */
  setClaim(userId: string, claim: ClaimInput): Presence {
    const state = this.stateOf(userId);
    const now = this.clock.now();
    const until = claim.until ?? now + CLAIM_MAX_MS;
    requireFutureUntil('until', until, now);
    const others = state.layers.claims.filter((c) => !(c.source === claim.source && c.id === claim.id));
    state.layers.claims = [...others, { ...claim, until }];
    this.persist(userId, state);
    this.update(userId, state);
    return state.own;
  }

  /** Ends the claim `id` of `source`; returns whether there was one. */
  clearClaim(userId: string, source: string, id: string): boolean {
    const state = this.users.get(userId);
    const claims = state?.layers.claims ?? [];
    const remaining = claims.filter((c) => !(c.source === source && c.id === id));
    if (!state || remaining.length === claims.length) return false;
    state.layers.claims = remaining;
    this.persist(userId, state);
    this.update(userId, state);
    return true;
  }

  /**
   * Ends every claim whose source is not in `activeSources` (the integrations not revoked):
   * a revoked integration's claims go at once, not when they expire. Returns how many ended.
   */
  clearClaimsExcept(activeSources: ReadonlySet<string>): number {
    let ended = 0;
    for (const [userId, state] of this.users) {
      const claims = state.layers.claims;
      if (claims.length === 0) continue;
      const remaining = claims.filter((c) => activeSources.has(c.source));
      if (remaining.length === claims.length) continue;
      ended += claims.length - remaining.length;
      state.layers.claims = remaining;
      this.persist(userId, state);
      this.update(userId, state);
    }
    return ended;
  }

  /** The sources (integrations) of every claim in force. */
  claimSources(): Set<string> {
    const sources = new Set<string>();
    for (const state of this.users.values())
      for (const claim of state.layers.claims) sources.add(claim.source);
    return sources;
  }

  /** The presence others see. */
  presenceOf(userId: string): Presence {
    return this.users.get(userId)?.others ?? this.neverSeen(userId);
  }

  /** The presence `viewerId` sees of `userId`: the own view for oneself, else what others see. */
  viewFor(viewerId: string, userId: string): Presence {
    const state = this.users.get(userId);
    if (!state) return viewerId === userId ? this.ownNeverSeen(userId) : this.neverSeen(userId);
    return viewerId === userId ? state.own : state.others;
  }

  /** Whether the user chose to appear offline (others then get none of their typing or read events). */
  appearsOffline(userId: string): boolean {
    return this.users.get(userId)?.layers.chosen.status === 'offline';
  }

  sessionCount(userId: string): number {
    return this.users.get(userId)?.sessions.size ?? 0;
  }

  /** Resolves once every layer write issued so far has committed. */
  whenPersisted(): Promise<void> {
    return this.persistence?.idle() ?? Promise.resolve();
  }

  /**
   * Runs `apply` without writing layers: a cluster replica applying another node's input,
   * which that node writes. Synchronous, like every engine change.
   */
  withoutLayerWrites<T>(apply: () => T): T {
    const before = this.layerWrites;
    this.layerWrites = false;
    try {
      return apply();
    } finally {
      this.layerWrites = before;
    }
  }

  /** Re-arms every user's next deadline (a node that just became the one firing them). */
  rescheduleAll(): void {
    for (const [userId, state] of this.users) this.reschedule(userId, state);
  }

  /** Cancels the pending timer (server shutdown). */
  dispose(): void {
    this.scheduler.dispose();
    this.listeners.clear();
  }

  /**
   * Applies whatever is due for `userId` now: ended layers dropped, a passed grace period
   * taking the user offline. Called by the engine's own deadlines, or by a cluster replica.
   */
  expire(userId: string): void {
    const state = this.users.get(userId);
    if (!state) return;
    const now = this.clock.now();
    if (dropExpired(state.layers, now)) this.persist(userId, state);
    if (state.graceEndsAt !== null && state.graceEndsAt <= now) {
      state.graceEndsAt = null;
      if (state.sessions.size === 0) state.online = false;
    }
    this.update(userId, state);
  }

  private sessionOf(userId: string, sessionId: string): { state: UserState; session: DeviceSession } {
    const state = this.users.get(userId);
    const session = state?.sessions.get(sessionId);
    if (!state || !session) throw new Error(`presence: session ${sessionId} of ${userId} is not connected`);
    return { state, session };
  }

  private applyDevice(session: DeviceSession, next: DeviceState, since: number | undefined): void {
    applyDeviceState(session, next, since, this.clock.now());
  }

  private stateOf(userId: string): UserState {
    let state = this.users.get(userId);
    if (!state) {
      state = {
        layers: defaultLayers(),
        sessions: new Map(),
        online: false,
        graceEndsAt: null,
        others: this.neverSeen(userId),
        own: this.ownNeverSeen(userId),
      };
      this.users.set(userId, state);
    }
    return state;
  }

  private neverSeen(userId: string): Presence {
    return offlinePresence(userId, this.startedAt);
  }

  private ownNeverSeen(userId: string): Presence {
    return ownOfflinePresence(userId, this.startedAt);
  }

  private persist(userId: string, state: UserState): void {
    if (this.layerWrites) this.persistence?.save(userId, state.layers);
  }

  private reschedule(userId: string, state: UserState): void {
    const now = this.clock.now();
    const layerDeadline = nextLayerDeadline(state.layers, now);
    const deadlines = [layerDeadline, state.graceEndsAt].filter((t): t is number => t !== null);
    this.scheduler.set(userId, deadlines.length > 0 ? Math.min(...deadlines) : null);
  }

  /** Recomputes both views, emits what changed, and arms the user's next deadline. */
  private update(userId: string, state: UserState): void {
    this.reschedule(userId, state);
    const now = this.clock.now();
    const { own, others } = effectivePresence({
      layers: state.layers,
      sessions: state.sessions,
      // Within the grace period others keep seeing what they saw before the last session left.
      online: state.online,
      now,
      idlePrecision: this.idlePrecision,
    });
    const change: PresenceChange = { userId };
    const inGrace = state.graceEndsAt !== null && state.sessions.size === 0;
    if (!inGrace && !sameView(state.others, others)) {
      state.others = { userId, ...others, updatedAt: now };
      change.others = state.others;
    }
    if (!sameView(state.own, own)) {
      state.own = { userId, ...own, updatedAt: now };
      if (state.sessions.size > 0) change.own = state.own;
    }
    if (!change.own && !change.others) return;
    for (const listener of this.listeners) listener(change);
  }
}

import type { DeviceActivityPayload, OutOfOffice, Presence, PresenceSetPayload } from '@beacon/protocol';
import { ProtocolError } from '@beacon/protocol';
import type { Logger } from '../logger';
import type { ClaimInput, PresenceEngine } from '../presence/engine';
import type { PresenceService } from '../presence/service';
import type { PinnedClock } from './pinned-clock';
import {
  applyInput,
  type HostedSession,
  type HostedViews,
  isSessionEntry,
  type PresenceEntry,
  type PresenceInput,
  sessionKey,
} from './presence-entries';
import type { LoggedEntry, PresenceLog } from './presence-log';
import { SessionDirectory } from './session-directory';

export interface ReplicatedPresenceOptions {
  engine: PresenceEngine;
  /** The engine's clock, pinned to each entry's time while it applies. */
  clock: PinnedClock;
  log: PresenceLog;
  /** This node's incarnation (node id and a start-up nonce): a restarted node is a new one. */
  incarnation: string;
  /** Whether this node fires deadlines now (it holds the leader lease). */
  isLeader: () => boolean;
  logger: Logger;
  /** How long a submitted input may wait to come back through Redis before it fails. */
  submitTimeoutMs?: number;
  /** How long a joining node waits for another node's sessions before applying without them. */
  syncTimeoutMs?: number;
}

interface Pending {
  entry: PresenceEntry;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

/**
 * Presence across nodes: every input goes into the cluster's presence log (a Redis stream) and
 * every node's engine applies the log in its order, at each entry's own time, so every node
 * computes the same presence and tells its own sockets. The node that submitted an input
 * writes its layers; the leader alone turns deadlines into `expire` entries and declares
 * nodes whose lease lapsed down. A joining node asks the others for their sessions
 * (`sync-request`) and holds each node's session inputs back until that node's answer.
 */
export class ReplicatedPresence implements PresenceService {
  private nextRef = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly sessions = new SessionDirectory();
  /** Per node whose sessions this node still waits for: its session inputs held back. */
  private awaiting: Map<string, PresenceEntry[]> | null = null;
  private syncRequestRef: number | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private synced: (() => void) | null = null;

  constructor(private readonly options: ReplicatedPresenceOptions) {}

  /**
   * Reads the log from `fromId` (taken before the layers were loaded) and asks the nodes in
   * `liveNodes` for their sessions; resolves once the request is logged.
   */
  async start(fromId: string, liveNodes: readonly string[]): Promise<void> {
    const others = liveNodes.filter((node) => node !== this.options.incarnation);
    if (others.length > 0) {
      this.awaiting = new Map(others.map((node) => [node, []]));
      this.syncTimer = setTimeout(() => this.stopAwaiting('timeout'), this.options.syncTimeoutMs ?? 5000);
      this.syncTimer.unref();
    }
    // Serving before the others' sessions are known would show their users offline here.
    const synced = new Promise<void>((resolve) => {
      this.synced = resolve;
    });
    this.options.log.start(fromId, (entries) => this.applyAll(entries));
    if (others.length > 0) {
      const ref = this.newRef();
      this.syncRequestRef = ref;
      await this.options.log.append(this.stamp({ op: 'sync-request' }, ref));
      await synced;
    }
  }

  /** The leader's hook for the engine's deadlines. */
  onDeadline(userId: string): void {
    if (!this.options.isLeader()) return;
    this.submit({ op: 'expire', userId }).catch((error: unknown) =>
      this.options.logger.warn({ err: error, userId }, 'presence: logging an expiry failed'),
    );
  }

  /** Nodes some replica's sessions live on (the leader checks their leases). */
  nodesWithSessions(): string[] {
    return this.sessions.nodes();
  }

  /** The leader saw `node`'s lease lapse. */
  declareDown(node: string): Promise<unknown> {
    return this.submit({ op: 'node-down', node });
  }

  /** Submits again what has not come back (Redis restarted and may have lost it). */
  resubmitPending(): void {
    for (const { entry } of this.pending.values()) {
      this.options.log.append(entry).catch(() => {});
    }
    // Once what was pending has come back, so the list holds every session this node logged.
    const publishWhenSettled = (attempt: number) => {
      if (this.pending.size === 0 || attempt >= 20) this.publishSessions(EVERY_NODE);
      else setTimeout(() => publishWhenSettled(attempt + 1), 100).unref();
    };
    publishWhenSettled(0);
  }

  connect(userId: string, sessionId: string, label?: string): Promise<Presence> {
    return this.submit({ op: 'connect', userId, sessionId, ...(label === undefined ? {} : { label }) });
  }
  async disconnect(userId: string, sessionId: string): Promise<void> {
    await this.submit({ op: 'disconnect', userId, sessionId });
  }
  set(userId: string, sessionId: string, change: PresenceSetPayload): Promise<Presence> {
    return this.submit({ op: 'set', userId, sessionId, change });
  }
  reportDevice(userId: string, sessionId: string, report: DeviceActivityPayload): Promise<Presence> {
    return this.submit({ op: 'device', userId, sessionId, report });
  }
  setOutOfOffice(userId: string, outOfOffice: OutOfOffice | null): Promise<Presence> {
    return this.submit({ op: 'out-of-office', userId, outOfOffice });
  }
  setClaim(userId: string, claim: ClaimInput): Promise<Presence> {
    return this.submit({ op: 'claim', userId, claim });
  }
  clearClaim(userId: string, source: string, id: string): Promise<boolean> {
    return this.submit({ op: 'unclaim', userId, source, id });
  }
  clearClaimsExcept(activeSources: ReadonlySet<string>): Promise<number> {
    return this.submit({ op: 'claims-except', sources: [...activeSources] });
  }

  presenceOf(userId: string): Presence {
    return this.options.engine.presenceOf(userId);
  }
  viewFor(viewerId: string, userId: string): Presence {
    return this.options.engine.viewFor(viewerId, userId);
  }
  appearsOffline(userId: string): boolean {
    return this.options.engine.appearsOffline(userId);
  }
  sessionCount(userId: string): number {
    return this.options.engine.sessionCount(userId);
  }
  claimSources(): Set<string> {
    return this.options.engine.claimSources();
  }
  onChange(listener: Parameters<PresenceEngine['onChange']>[0]): () => void {
    return this.options.engine.onChange(listener);
  }
  whenPersisted(): Promise<void> {
    return this.options.engine.whenPersisted();
  }

  async dispose(): Promise<void> {
    this.stopAwaiting('closing');
    await this.options.log.stop();
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new ProtocolError('internal', 'the server is shutting down'));
    }
    this.pending.clear();
    this.options.engine.dispose();
  }

  private submit<T>(input: PresenceInput): Promise<T> {
    const ref = this.newRef();
    const entry = this.stamp(input, ref);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(new ProtocolError('internal', 'presence is unavailable (Redis did not answer); retry'));
      }, this.options.submitTimeoutMs ?? 3_000);
      timer.unref();
      this.pending.set(ref, { entry, resolve: resolve as (value: unknown) => void, reject, timer });
      this.options.log.append(entry).catch((error: unknown) => {
        this.options.logger.warn({ err: error, op: input.op }, 'presence: logging an input failed');
      });
    });
  }

  private stamp(input: PresenceInput, ref: number): PresenceEntry {
    return { ...input, origin: this.options.incarnation, at: Date.now(), ref } as PresenceEntry;
  }

  private newRef(): number {
    this.nextRef += 1;
    return this.nextRef;
  }

  private applyAll(entries: LoggedEntry[]): void {
    for (const { entry } of entries) {
      const held = this.awaiting?.get(entry.origin);
      if (held && entry.op !== 'sessions' && isSessionEntry(entry)) held.push(entry);
      else this.applyOne(entry);
    }
  }

  private applyOne(entry: PresenceEntry): void {
    const own = entry.origin === this.options.incarnation;
    const waiter = own ? this.pending.get(entry.ref) : undefined;
    if (waiter) {
      this.pending.delete(entry.ref);
      clearTimeout(waiter.timer);
    }
    const { engine, clock } = this.options;
    clock.pin(entry.at);
    try {
      const result = own ? this.applyEntry(entry) : engine.withoutLayerWrites(() => this.applyEntry(entry));
      waiter?.resolve(result);
    } catch (error) {
      if (waiter) waiter.reject(error);
      else if (!(error instanceof ProtocolError) && !isUnknownSession(error)) {
        this.options.logger.warn({ err: error, op: entry.op }, 'presence: applying an entry failed');
      }
    } finally {
      clock.unpin();
    }
  }

  private applyEntry(entry: PresenceEntry): unknown {
    const { engine } = this.options;
    switch (entry.op) {
      case 'sync-request':
        if (entry.origin !== this.options.incarnation) this.answerSync(entry.origin, entry.ref);
        return undefined;
      case 'sessions':
        return this.restore(entry.origin, entry.request, entry.sessions, entry.views ?? []);
      case 'node-down':
        for (const { userId, sessionId } of this.sessions.drop(entry.node))
          engine.disconnect(userId, sessionId);
        this.awaiting?.delete(entry.node);
        if (this.awaiting?.size === 0) this.stopAwaiting('synced');
        return undefined;
      case 'connect':
        this.sessions.add(entry.origin, sessionKey(entry.origin, entry.sessionId), entry.userId);
        return applyInput(engine, entry);
      case 'disconnect':
        this.sessions.remove(entry.origin, sessionKey(entry.origin, entry.sessionId));
        return applyInput(engine, entry);
      default:
        return applyInput(engine, entry);
    }
  }

  /** Another node joined: log the sessions this node hosts, as its engine has them now. */
  private answerSync(requester: string, ref: number): void {
    this.publishSessions(`${requester}#${ref}`);
  }

  /**
   * Logs the sessions this node hosts, as its engine has them now: to a joining node (`request`
   * names its sync request), or to every node (`*`) after Redis came back, since inputs logged
   * just before it went away may never have reached the others.
   */
  publishSessions(request: string): void {
    const { engine, incarnation } = this.options;
    const hosted: HostedSession[] = [];
    const views = new Map<string, HostedViews>();
    for (const { userId, sessionId } of this.sessions.of(incarnation)) {
      const session = engine.sessionsOf(userId).get(sessionId);
      if (!session) continue;
      hosted.push({ userId, sessionId, session });
      views.set(userId, { userId, others: engine.presenceOf(userId), own: engine.viewFor(userId, userId) });
    }
    const entry = this.stamp(
      { op: 'sessions', request, sessions: hosted, views: [...views.values()] },
      this.newRef(),
    );
    this.options.log.append(entry).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'presence: publishing the sessions of this node failed');
    });
  }

  private restore(node: string, request: string, hosted: HostedSession[], views: HostedViews[]): void {
    if (request === EVERY_NODE) {
      if (node !== this.options.incarnation) this.reconcile(node, hosted);
      return;
    }
    const held = this.awaiting?.get(node);
    if (!held || request !== `${this.options.incarnation}#${this.syncRequestRef}`) return;
    this.awaiting?.delete(node);
    for (const { userId, sessionId, session } of hosted) {
      this.sessions.add(node, sessionId, userId);
      this.options.engine.restoreSession(userId, sessionId, session);
    }
    for (const { userId, others, own } of views) this.options.engine.adoptViews(userId, { others, own });
    for (const entry of held) this.applyOne(entry);
    if (this.awaiting?.size === 0) this.stopAwaiting('synced');
  }

  /** Makes this replica's view of `node`'s sessions exactly what that node says it hosts. */
  private reconcile(node: string, hosted: HostedSession[]): void {
    const { engine } = this.options;
    const kept = new Set(hosted.map((h) => h.sessionId));
    for (const { userId, sessionId } of this.sessions.of(node)) {
      if (kept.has(sessionId)) continue;
      this.sessions.remove(node, sessionId);
      engine.disconnect(userId, sessionId);
    }
    for (const { userId, sessionId, session } of hosted) {
      this.sessions.add(node, sessionId, userId);
      engine.restoreSession(userId, sessionId, session);
    }
  }

  private stopAwaiting(why: 'synced' | 'timeout' | 'closing'): void {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    const awaiting = this.awaiting;
    this.awaiting = null;
    this.synced?.();
    this.synced = null;
    if (!awaiting) return;
    if (why === 'timeout' && awaiting.size > 0) {
      this.options.logger.warn(
        { nodes: [...awaiting.keys()] },
        'presence: some nodes did not send their sessions',
      );
    }
    if (why !== 'closing')
      for (const held of awaiting.values()) for (const entry of held) this.applyOne(entry);
  }
}

/** The `request` of a `sessions` entry meant for every node (a resync), not one joining node. */
export const EVERY_NODE = '*';

function isUnknownSession(error: unknown): boolean {
  return error instanceof Error && error.message.includes('is not connected');
}

import type { DeviceActivityPayload, OutOfOffice, Presence, PresenceSetPayload } from '@beacon/protocol';
import type { ClaimInput, PresenceEngine } from './engine';

/** What every node reads of presence: its own engine's state, the same on every node of a cluster. */
export type PresenceReads = Pick<
  PresenceEngine,
  'presenceOf' | 'viewFor' | 'appearsOffline' | 'sessionCount' | 'onChange' | 'whenPersisted' | 'claimSources'
>;

/**
 * The inputs of presence. On one node they apply to the engine at once; in a cluster they go
 * through Redis to every node's engine, in one order, and resolve once applied here.
 * They reject as the engine throws (a `ProtocolError` for an `until` in the past).
 */
export interface PresenceInputs {
  connect(userId: string, sessionId: string, label?: string): Promise<Presence>;
  disconnect(userId: string, sessionId: string): Promise<void>;
  set(userId: string, sessionId: string, change: PresenceSetPayload): Promise<Presence>;
  reportDevice(userId: string, sessionId: string, report: DeviceActivityPayload): Promise<Presence>;
  setOutOfOffice(userId: string, outOfOffice: OutOfOffice | null): Promise<Presence>;
  setClaim(userId: string, claim: ClaimInput): Promise<Presence>;
  clearClaim(userId: string, source: string, id: string): Promise<boolean>;
  clearClaimsExcept(activeSources: ReadonlySet<string>): Promise<number>;
}

export interface PresenceService extends PresenceReads, PresenceInputs {
  /** Stops listening and cancels timers (server shutdown). */
  dispose(): Promise<void>;
}

/** One node: the engine is the whole truth. */
export class LocalPresence implements PresenceService {
  constructor(private readonly engine: PresenceEngine) {}

  connect(userId: string, sessionId: string, label?: string): Promise<Presence> {
    return settle(() => this.engine.connect(userId, sessionId, label));
  }
  disconnect(userId: string, sessionId: string): Promise<void> {
    return settle(() => this.engine.disconnect(userId, sessionId));
  }
  set(userId: string, sessionId: string, change: PresenceSetPayload): Promise<Presence> {
    return settle(() => this.engine.set(userId, sessionId, change));
  }
  reportDevice(userId: string, sessionId: string, report: DeviceActivityPayload): Promise<Presence> {
    return settle(() => this.engine.reportDevice(userId, sessionId, report));
  }
  setOutOfOffice(userId: string, outOfOffice: OutOfOffice | null): Promise<Presence> {
    return settle(() => this.engine.setOutOfOffice(userId, outOfOffice));
  }
  setClaim(userId: string, claim: ClaimInput): Promise<Presence> {
    return settle(() => this.engine.setClaim(userId, claim));
  }
  clearClaim(userId: string, source: string, id: string): Promise<boolean> {
    return settle(() => this.engine.clearClaim(userId, source, id));
  }
  clearClaimsExcept(activeSources: ReadonlySet<string>): Promise<number> {
    return settle(() => this.engine.clearClaimsExcept(activeSources));
  }

  presenceOf(userId: string): Presence {
    return this.engine.presenceOf(userId);
  }
  viewFor(viewerId: string, userId: string): Presence {
    return this.engine.viewFor(viewerId, userId);
  }
  appearsOffline(userId: string): boolean {
    return this.engine.appearsOffline(userId);
  }
  sessionCount(userId: string): number {
    return this.engine.sessionCount(userId);
  }
  claimSources(): Set<string> {
    return this.engine.claimSources();
  }
  onChange(listener: Parameters<PresenceEngine['onChange']>[0]): () => void {
    return this.engine.onChange(listener);
  }
  whenPersisted(): Promise<void> {
    return this.engine.whenPersisted();
  }
  async dispose(): Promise<void> {
    this.engine.dispose();
  }
}

/** Applies at once (synchronously, as callers of one node rely on) and settles as a promise. */
function settle<T>(apply: () => T): Promise<T> {
  try {
    return Promise.resolve(apply());
  } catch (error) {
    return Promise.reject(error);
  }
}

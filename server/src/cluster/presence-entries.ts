import type { DeviceActivityPayload, OutOfOffice, Presence, PresenceSetPayload } from '@beacon/protocol';
import type { ClaimInput, PresenceEngine } from '../presence/engine';
import type { DeviceSession } from '../presence/layers';

/** A presence input as a node submits it, before it is stamped and logged. */
export type PresenceInput =
  | { op: 'connect'; userId: string; sessionId: string; label?: string }
  | { op: 'disconnect'; userId: string; sessionId: string }
  | { op: 'set'; userId: string; sessionId: string; change: PresenceSetPayload }
  | { op: 'device'; userId: string; sessionId: string; report: DeviceActivityPayload }
  | { op: 'out-of-office'; userId: string; outOfOffice: OutOfOffice | null }
  | { op: 'claim'; userId: string; claim: ClaimInput }
  | { op: 'unclaim'; userId: string; source: string; id: string }
  | { op: 'claims-except'; sources: string[] }
  /** The node firing deadlines says one of `userId` is due. */
  | { op: 'expire'; userId: string }
  /** The node firing deadlines saw `node`'s lease lapse: its sessions are gone. */
  | { op: 'node-down'; node: string }
  /** A node joined: every other node answers with its sessions. */
  | { op: 'sync-request' }
  | { op: 'sessions'; request: string; sessions: HostedSession[]; views: HostedViews[] };

/** One session a node hosts, as its engine has it. */
export interface HostedSession {
  userId: string;
  sessionId: string;
  session: DeviceSession;
}

/** The presence of a user with a hosted session, as the answering node shows it (for `updatedAt`). */
export interface HostedViews {
  userId: string;
  others: Presence;
  own: Presence;
}

/** A logged input: who sent it (a node incarnation), when (its clock), and its reference there. */
export type PresenceEntry = PresenceInput & { origin: string; at: number; ref: number };

const SESSION_OPS = new Set(['connect', 'disconnect', 'set', 'device']);
const OPS = new Set([
  ...SESSION_OPS,
  'out-of-office',
  'claim',
  'unclaim',
  'claims-except',
  'expire',
  'node-down',
  'sync-request',
  'sessions',
]);

export function isSessionEntry(
  entry: PresenceEntry,
): entry is Extract<PresenceEntry, { op: 'connect' | 'disconnect' | 'set' | 'device' }> {
  return SESSION_OPS.has(entry.op);
}

/** Reads a logged entry; null for anything this version does not know (logged and skipped by the caller). */
export function parseEntry(text: string): PresenceEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Partial<PresenceEntry>;
  if (typeof entry.op !== 'string' || !OPS.has(entry.op)) return null;
  if (typeof entry.origin !== 'string' || typeof entry.at !== 'number' || typeof entry.ref !== 'number') {
    return null;
  }
  return entry as PresenceEntry;
}

/** A session's key in every replica's engine: the socket id is unique on its node only. */
export function sessionKey(origin: string, sessionId: string): string {
  return `${origin}/${sessionId}`;
}

/** What applying an input returns to the node that submitted it. */
export type EntryResult = unknown;

/** Applies a session or layer input to the engine (clock already pinned to the entry's time). */
export function applyInput(engine: PresenceEngine, entry: PresenceEntry): EntryResult {
  switch (entry.op) {
    case 'connect':
      return engine.connect(entry.userId, sessionKey(entry.origin, entry.sessionId), entry.label);
    case 'disconnect':
      return engine.disconnect(entry.userId, sessionKey(entry.origin, entry.sessionId));
    case 'set':
      return engine.set(entry.userId, sessionKey(entry.origin, entry.sessionId), entry.change);
    case 'device':
      return engine.reportDevice(entry.userId, sessionKey(entry.origin, entry.sessionId), entry.report);
    case 'out-of-office':
      return engine.setOutOfOffice(entry.userId, entry.outOfOffice);
    case 'claim':
      return engine.setClaim(entry.userId, entry.claim);
    case 'unclaim':
      return engine.clearClaim(entry.userId, entry.source, entry.id);
    case 'claims-except':
      return engine.clearClaimsExcept(new Set(entry.sources));
    case 'expire':
      return engine.expire(entry.userId);
    default:
      return undefined;
  }
}

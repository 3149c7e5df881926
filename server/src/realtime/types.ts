import type { ClientToServerEvents, ServerToClientEvents, User } from '@beacon/protocol';
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../logger';
import type { BeaconMetrics } from '../metrics';
import type { PresenceService } from '../presence/service';
import type { Store, UserRecord } from '../store/types';
import type { GroupLimits } from './services/group-limits';
import type { RateBackend, UserRateLimits } from './user-rate-limit';

/** What the handshake attaches to every authenticated socket. */
export interface SocketData {
  user: User;
  /** Hash of the bearer token, naming the room of all sockets opened with it. */
  tokenKey: string;
}

/** What the nodes of a cluster tell each other through the adapter (`serverSideEmit`). */
export interface InterServerEvents {
  /** A session of `userId` joined its rooms on another node: deliver the watches this node holds. */
  'session:joined': (userId: string) => void;
}

export type BeaconIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type BeaconSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Resolves a bearer token to its enabled user (the auth module's SessionService fits). */
export interface SessionResolver {
  resolve(token: string): Promise<UserRecord | null>;
}

/** Who may be in a conversation with the organisation's users. */
export interface MembershipPolicy {
  /** The organisation's mail domain. */
  orgDomain: string;
  /** Further mail domains allowed as conversation members. */
  allowedExternalDomains: readonly string[];
}

/** Messages v2 settings (server config `messageEditWindowMs`, `userRateLimits`). */
export interface MessagingOptions {
  /** How long after sending a message may be edited or deleted; null: always. */
  editWindowMs: number | null;
  userRateLimits: UserRateLimits;
}

/** What the socket handlers and their services depend on. */
export interface RealtimeDeps {
  store: Store;
  presence: PresenceService;
  logger: Logger;
  now: () => number;
  policy: MembershipPolicy;
  /** Conversations v2: groups created and members added per user per hour (default 20 and 200). */
  groupLimits?: GroupLimits;
  /** Messages v2: edit window and per-user rate limits (defaults: no window, DEFAULT_USER_RATE_LIMITS). */
  messaging?: MessagingOptions;
  /** Several nodes: per-user rate limits counted in Redis, shared by every node (cluster/redis-rates.ts). */
  sharedRates?: RateBackend;
  /** Prometheus instruments (GET /metrics); omitted: nothing is measured. */
  metrics?: BeaconMetrics | undefined;
}

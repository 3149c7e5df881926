import type { SessionEndedPayload, User } from '@beacon/protocol';
import type { UserRecord } from '../store/types';

export interface LoginInput {
  email: string;
  password: string;
  /** The client's address, for the per-address rate limit. */
  address: string;
}

export type LoginOutcome =
  | { ok: true; token: string; expiresAt: number; user: User }
  | { ok: false; code: 'unauthorized' | 'rate_limited'; message: string; retryAfterMs?: number };

/** The auth module's LoginService, as the HTTP layer uses it. */
export interface Authenticator {
  login(input: LoginInput): Promise<LoginOutcome>;
}

/** The auth module's SessionService, as the HTTP layer uses it. */
export interface BearerSessions {
  resolve(token: string): Promise<UserRecord | null>;
  revoke(token: string): Promise<void>;
}

/** Ends live sockets of a signed-out token (the realtime gateway). */
export interface SessionTerminator {
  endSessionsOfToken(token: string, reason: SessionEndedPayload['reason']): void;
}

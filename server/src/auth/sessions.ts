import type { Store, UserRecord } from '../store/types';
import { generateToken, hashToken, isWellFormedToken } from './tokens';

export const DEFAULT_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionServiceOptions {
  ttlMs?: number;
  now?: () => number;
}

/** Bearer-token sessions: random tokens, stored only as SHA-256, expiring and revocable. */
export class SessionService {
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    options: SessionServiceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.now = options.now ?? Date.now;
    if (!(this.ttlMs > 0)) throw new RangeError(`session TTL must be positive, got ${this.ttlMs}`);
  }

  async issue(userId: string): Promise<{ token: string; expiresAt: number }> {
    const token = generateToken();
    const createdAt = this.now();
    const expiresAt = createdAt + this.ttlMs;
    await this.store.sessions.create({ tokenHash: hashToken(token), userId, createdAt, expiresAt });
    return { token, expiresAt };
  }

  /** The token's user; null when the token is unknown, malformed, expired or its user disabled. */
  async resolve(token: string): Promise<UserRecord | null> {
    if (typeof token !== 'string' || !isWellFormedToken(token)) return null;
    const tokenHash = hashToken(token);
    const session = await this.store.sessions.byTokenHash(tokenHash);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      await this.store.sessions.delete(tokenHash);
      return null;
    }
    const user = await this.store.users.byId(session.userId);
    if (!user || user.disabled) return null;
    return user;
  }

  async revoke(token: string): Promise<void> {
    if (typeof token !== 'string' || !isWellFormedToken(token)) return;
    await this.store.sessions.delete(hashToken(token));
  }

  async revokeAllForUser(userId: string): Promise<void> {
    await this.store.sessions.deleteForUser(userId);
  }

  /** Deletes expired sessions; returns how many. Run it now and then (e.g. hourly). */
  async purgeExpired(): Promise<number> {
    return this.store.sessions.deleteExpired(this.now());
  }
}

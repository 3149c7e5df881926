import type { User } from '@beacon/protocol';
import { toUser } from '../accounts/public-user';
import type { Store, UserRecord } from '../store/types';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPassword,
} from './passwords';
import { SlidingWindowCounter, type WindowLimit } from './rate-limit';
import type { SessionService } from './sessions';

export type LoginResult =
  | { ok: true; token: string; expiresAt: number; user: User }
  | { ok: false; code: 'unauthorized' | 'rate_limited'; message: string; retryAfterMs?: number };

export interface LoginLimits {
  /** Failed attempts per account (e-mail), e.g. 10 per 5 minutes. */
  perAccount?: WindowLimit;
  /** Failed attempts per client address, e.g. 30 per 5 minutes. */
  perAddress?: WindowLimit;
}

export interface LoginServiceDeps {
  store: Store;
  sessions: SessionService;
  now?: () => number;
  limits?: LoginLimits;
  /** Parameters for new hashes: the timing dummy and upgrades of weaker stored hashes. */
  hashParams?: ScryptParams;
}

export const DEFAULT_LOGIN_LIMITS: Required<LoginLimits> = {
  perAccount: { max: 10, windowMs: 5 * 60_000 },
  perAddress: { max: 30, windowMs: 5 * 60_000 },
};

/** The one answer for an unknown e-mail, a wrong password and a disabled account with a wrong password. */
export const INVALID_CREDENTIALS = 'invalid email or password';
export const ACCOUNT_DISABLED = 'account disabled';
const MAX_PASSWORD_LENGTH = 1024;

export class LoginService {
  private readonly store: Store;
  private readonly sessions: SessionService;
  private readonly now: () => number;
  private readonly hashParams: ScryptParams;
  private readonly failuresByAccount: SlidingWindowCounter;
  private readonly failuresByAddress: SlidingWindowCounter;
  private dummyHash: Promise<string> | null = null;

  constructor(deps: LoginServiceDeps) {
    this.store = deps.store;
    this.sessions = deps.sessions;
    this.now = deps.now ?? Date.now;
    this.hashParams = deps.hashParams ?? DEFAULT_SCRYPT_PARAMS;
    this.failuresByAccount = new SlidingWindowCounter(
      deps.limits?.perAccount ?? DEFAULT_LOGIN_LIMITS.perAccount,
      this.now,
    );
    this.failuresByAddress = new SlidingWindowCounter(
      deps.limits?.perAddress ?? DEFAULT_LOGIN_LIMITS.perAddress,
      this.now,
    );
  }

  async login(input: { email: string; password: string; address: string }): Promise<LoginResult> {
    const account = input.email.trim().toLowerCase();
    const retryAfterMs = Math.max(
      this.failuresByAccount.retryAfter(account),
      this.failuresByAddress.retryAfter(input.address),
    );
    if (retryAfterMs > 0) {
      return {
        ok: false,
        code: 'rate_limited',
        message: `too many failed login attempts; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
        retryAfterMs,
      };
    }

    const user = await this.store.users.byEmail(account);
    const passwordMatches = await this.checkPassword(input.password, user);
    if (!user || !passwordMatches) {
      this.failuresByAccount.record(account);
      this.failuresByAddress.record(input.address);
      return { ok: false, code: 'unauthorized', message: INVALID_CREDENTIALS };
    }
    // Only someone who knows the password learns that the account is disabled.
    if (user.disabled) return { ok: false, code: 'unauthorized', message: ACCOUNT_DISABLED };

    this.failuresByAccount.reset(account);
    await this.upgradeHashIfWeak(user, input.password);
    const { token, expiresAt } = await this.sessions.issue(user.id);
    return { ok: true, token, expiresAt, user: toUser(user) };
  }

  /** Always runs one scrypt verification, against a dummy hash when there is no user, so timing tells nothing. */
  private async checkPassword(password: string, user: UserRecord | null): Promise<boolean> {
    const tooLong = password.length > MAX_PASSWORD_LENGTH;
    const candidate = tooLong ? '' : password;
    const matches = await verifyPassword(candidate, user?.passwordHash ?? (await this.dummy()));
    return matches && user !== null && !tooLong;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword('beacon timing dummy', this.hashParams);
    return this.dummyHash;
  }

  private async upgradeHashIfWeak(user: UserRecord, password: string): Promise<void> {
    if (!needsRehash(user.passwordHash, this.hashParams)) return;
    await this.store.users.setPasswordHash(user.id, await hashPassword(password, this.hashParams));
  }
}

import { hashPassword, type ScryptParams } from '../auth/passwords';
import { DuplicateError, normalizeRoles, type Role, type Store, type UserRecord } from '../store/types';

export type AccountErrorCode = 'invalid' | 'domain' | 'exists' | 'not_found';

export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

export const NAME_MAX_CHARS = 100;
export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_CHARS = 1024;

const LOCAL_PART = /^[^\s@"(),:;<>[\\\]]{1,64}$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const CONTROL_CHARS = /\p{Cc}/u;

/** Validates and normalises a domain such as `Acme.Test` → `acme.test`; null when it is not one. */
export function normalizeDomain(raw: string): string | null {
  const domain = raw.trim().toLowerCase().replace(/^@/, '');
  if (domain.length === 0 || domain.length > 253) return null;
  return domain.split('.').every((label) => DOMAIN_LABEL.test(label)) ? domain : null;
}

/** Trims and lower-cases an e-mail address; throws `AccountError('invalid')` unless it is `local@domain`. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = at > 0 ? normalizeDomain(email.slice(at + 1)) : null;
  if (
    at <= 0 ||
    !LOCAL_PART.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    !domain ||
    email.length > 254
  ) {
    throw new AccountError('invalid', `"${raw.trim()}" is not an e-mail address (expected name@domain)`);
  }
  return `${local}@${domain}`;
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** Trims a display name; throws `AccountError('invalid')` unless 1..100 printable characters. */
export function normalizeName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new AccountError('invalid', 'the name must not be empty');
  if (name.length > NAME_MAX_CHARS) {
    throw new AccountError('invalid', `the name must be at most ${NAME_MAX_CHARS} characters`);
  }
  if (CONTROL_CHARS.test(name))
    throw new AccountError('invalid', 'the name must not contain control characters');
  return name;
}

export function validatePassword(password: string): void {
  if (password.length < PASSWORD_MIN_CHARS) {
    throw new AccountError('invalid', `the password must be at least ${PASSWORD_MIN_CHARS} characters`);
  }
  if (password.length > PASSWORD_MAX_CHARS) {
    throw new AccountError('invalid', `the password must be at most ${PASSWORD_MAX_CHARS} characters`);
  }
}

export interface AccountServiceOptions {
  /** The organisation's mail domain; null accepts any domain. */
  domain: string | null;
  /** scrypt parameters for new hashes (tests use cheaper ones). */
  hashParams?: ScryptParams;
}

/** User administration, as the admin CLI and the demo seed do it. */
export class AccountService {
  private readonly domain: string | null;

  constructor(
    private readonly store: Store,
    private readonly options: AccountServiceOptions,
  ) {
    if (options.domain === null) {
      this.domain = null;
    } else {
      const domain = normalizeDomain(options.domain);
      if (!domain) throw new AccountError('invalid', `"${options.domain}" is not a mail domain`);
      this.domain = domain;
    }
  }

  async addUser(input: {
    email: string;
    name: string;
    password: string;
    roles?: readonly Role[];
  }): Promise<UserRecord> {
    const email = normalizeEmail(input.email);
    if (this.domain !== null && domainOf(email) !== this.domain) {
      throw new AccountError(
        'domain',
        `${email} is outside the organisation's domain ${this.domain}; only @${this.domain} addresses can be added`,
      );
    }
    const name = normalizeName(input.name);
    validatePassword(input.password);
    if (await this.store.users.byEmail(email))
      throw new AccountError('exists', `a user ${email} already exists`);
    const passwordHash = await hashPassword(input.password, this.options.hashParams);
    try {
      return await this.store.users.create({ email, name, passwordHash, roles: input.roles ?? [] });
    } catch (error) {
      if (error instanceof DuplicateError) throw new AccountError('exists', `a user ${email} already exists`);
      throw error;
    }
  }

  /** The user with this e-mail; throws `AccountError('not_found')`. */
  async get(email: string): Promise<UserRecord> {
    return this.find(email);
  }

  /** Every user, disabled ones included, by e-mail. */
  async list(): Promise<UserRecord[]> {
    return this.store.users.list();
  }

  /** Disables the account and ends its sessions; idempotent. */
  async disable(email: string): Promise<UserRecord> {
    const user = await this.find(email);
    await this.store.users.setDisabled(user.id, true);
    await this.store.sessions.deleteForUser(user.id);
    return { ...user, disabled: true };
  }

  async enable(email: string): Promise<UserRecord> {
    const user = await this.find(email);
    await this.store.users.setDisabled(user.id, false);
    return { ...user, disabled: false };
  }

  /** Replaces the user's roles (`[]`: member only); a bot has none. */
  async setRoles(email: string, roles: readonly Role[]): Promise<{ user: UserRecord; previous: Role[] }> {
    const user = await this.find(email);
    if (user.kind === 'bot') {
      throw new AccountError('invalid', `${user.email} is a bot: bots cannot have roles`);
    }
    const normalized = normalizeRoles(roles);
    await this.store.users.setRoles(user.id, normalized);
    return { user: { ...user, roles: normalized }, previous: user.roles };
  }

  /** Sets a new password and ends the user's sessions, so a leaked one stops working. */
  async resetPassword(email: string, password: string): Promise<UserRecord> {
    const user = await this.find(email);
    if (user.kind === 'bot') {
      throw new AccountError('invalid', `${user.email} is a bot: bots have no password (see "bot" commands)`);
    }
    validatePassword(password);
    const passwordHash = await hashPassword(password, this.options.hashParams);
    await this.store.users.setPasswordHash(user.id, passwordHash);
    await this.store.sessions.deleteForUser(user.id);
    return { ...user, passwordHash };
  }

  private async find(rawEmail: string): Promise<UserRecord> {
    const email = normalizeEmail(rawEmail);
    const user = await this.store.users.byEmail(email);
    if (!user) throw new AccountError('not_found', `no user ${email}`);
    return user;
  }
}

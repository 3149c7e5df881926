/** Accounts, sessions and contact lists. */
export interface UserRecord {
  id: string;
  /** Lower-cased `local@domain`. */
  email: string;
  name: string;
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
  /** `bot`: a bot account (docs/integrations.md, "Bots"); absent: a person. */
  kind?: UserKind;
  /** Roles beyond `member`, which everyone has (docs/compliance.md, "Roles"); in ROLES order. */
  roles: Role[];
}

export type UserKind = 'person' | 'bot';

/** Every user is a member; these are the roles an administrator grants on top. */
export const ROLES = ['admin', 'compliance'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Known roles only, each once, in ROLES order: the one form roles are stored and compared in. */
export function normalizeRoles(roles: Iterable<Role>): Role[] {
  const given = new Set(roles);
  return ROLES.filter((role) => given.has(role));
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  /** Default `person`. */
  kind?: UserKind;
  /** Default none (member only). */
  roles?: readonly Role[];
}

export interface UserRepository {
  /** Rejects with `DuplicateError` when the e-mail exists. */
  create(user: NewUser): Promise<UserRecord>;
  byId(id: string): Promise<UserRecord | null>;
  byIds(ids: readonly string[]): Promise<UserRecord[]>;
  byEmail(email: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  /** Enabled users whose name or e-mail contains `query` (case-insensitive), by name. */
  search(query: string, limit: number): Promise<UserRecord[]>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  setName(id: string, name: string): Promise<void>;
  /** Replaces the user's roles (normalised); `[]` leaves them a member only. */
  setRoles(id: string, roles: readonly Role[]): Promise<void>;
  /**
   * Users disabled at or after `since` (and still disabled), oldest first. The server
   * polls it to drop the sockets of users an admin disabled from another process.
   */
  listDisabledSince(since: number): Promise<Array<{ id: string; disabledAt: number }>>;
  /** Every bot account, enabled or not, by e-mail. */
  listBots(): Promise<UserRecord[]>;
  /** Records that the integration's token acts as the bot `botId`. */
  linkBotToken(botId: string, integrationId: string): Promise<void>;
  /** The bot the integration's token acts as, or null when it acts as none. */
  botOfIntegration(integrationId: string): Promise<UserRecord | null>;
  /** The ids of the integrations whose tokens act as the bot, oldest first. */
  botIntegrationIds(botId: string): Promise<string[]>;
}

export interface SessionRecord {
  /** SHA-256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  byTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  delete(tokenHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

export interface ContactRepository {
  /** Contact user ids of `ownerId`, in the order they were added. */
  list(ownerId: string): Promise<string[]>;
  /** Idempotent. */
  add(ownerId: string, contactId: string): Promise<void>;
  /** Idempotent. */
  remove(ownerId: string, contactId: string): Promise<void>;
}

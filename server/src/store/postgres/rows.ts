import { isRole, normalizeRoles, type SessionRecord, type UserRecord } from '../types';

/** Rows as pg returns them (bigint already a number, jsonb parsed), and their mapping to the port's records. */

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  disabled: boolean;
  created_at: number;
  kind: string;
  /** jsonb array of role names. */
  roles: unknown;
}

export const USER_COLUMNS = 'id, email, name, password_hash, disabled, created_at, kind, roles';

export function toUser(row: UserRow): UserRecord {
  const user: UserRecord = {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    disabled: row.disabled,
    createdAt: row.created_at,
    roles: parseRoles(row.roles),
  };
  // Only bots carry a kind, as in the SQLite store.
  if (row.kind === 'bot') user.kind = 'bot';
  return user;
}

/** A role this version does not know grants nothing: it is dropped, never guessed at. */
function parseRoles(roles: unknown): UserRecord['roles'] {
  return Array.isArray(roles) ? normalizeRoles(roles.filter(isRole)) : [];
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export function toSession(row: SessionRow): SessionRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

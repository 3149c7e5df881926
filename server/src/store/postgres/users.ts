import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { foldForSearch } from '../sqlite/fold';
import {
  DuplicateError,
  type NewUser,
  normalizeRoles,
  type Role,
  type UserRecord,
  type UserRepository,
} from '../types';
import { isViolation } from './errors';
import { toUser, USER_COLUMNS, type UserRow } from './rows';

const USERS_COLUMNS = USER_COLUMNS.split(', ')
  .map((column) => `users.${column}`)
  .join(', ');

export class PostgresUserRepository implements UserRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number,
  ) {}

  async create(user: NewUser): Promise<UserRecord> {
    const record: UserRecord = {
      id: randomUUID(),
      email: user.email.toLowerCase(),
      name: user.name,
      passwordHash: user.passwordHash,
      disabled: false,
      createdAt: this.now(),
      ...(user.kind === 'bot' ? { kind: 'bot' as const } : {}),
      roles: normalizeRoles(user.roles ?? []),
    };
    try {
      await this.pool.query(
        `INSERT INTO users (id, email, name, name_key, password_hash, created_at, kind, roles)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
        [
          record.id,
          record.email,
          record.name,
          foldForSearch(record.name),
          record.passwordHash,
          record.createdAt,
          record.kind ?? 'person',
          JSON.stringify(record.roles),
        ],
      );
    } catch (error) {
      if (isViolation(error, 'unique')) throw new DuplicateError(`a user with e-mail ${record.email} exists`);
      throw error;
    }
    return record;
  }

  async byId(id: string): Promise<UserRecord | null> {
    return this.one(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  }

  /** In the order of `ids`; unknown ids are skipped, repeated ones returned once. */
  async byIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const rows = await this.all(`SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::text[])`, [unique]);
    const byId = new Map(rows.map((user) => [user.id, user]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  async byEmail(email: string): Promise<UserRecord | null> {
    return this.one(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [email.toLowerCase()]);
  }

  /** Every user, enabled or not, by e-mail. */
  async list(): Promise<UserRecord[]> {
    return this.all(`SELECT ${USER_COLUMNS} FROM users ORDER BY email`);
  }

  async search(query: string, limit: number): Promise<UserRecord[]> {
    if (limit <= 0) return [];
    // strpos, not LIKE: the query's % and _ are plain characters.
    return this.all(
      `SELECT ${USER_COLUMNS} FROM users
       WHERE NOT disabled AND (strpos(name_key, $1) > 0 OR strpos(email, $1) > 0)
       ORDER BY name_key, email
       LIMIT $2`,
      [foldForSearch(query.trim()), Math.floor(limit)],
    );
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    // Disabling an already disabled user keeps the original time.
    await this.pool.query(
      `UPDATE users SET disabled = $1::boolean,
         disabled_at = CASE WHEN NOT $1::boolean THEN NULL WHEN disabled THEN disabled_at ELSE $2::bigint END
       WHERE id = $3`,
      [disabled, this.now(), id],
    );
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, id]);
  }

  async setName(id: string, name: string): Promise<void> {
    await this.pool.query('UPDATE users SET name = $1, name_key = $2 WHERE id = $3', [
      name,
      foldForSearch(name),
      id,
    ]);
  }

  async setRoles(id: string, roles: readonly Role[]): Promise<void> {
    await this.pool.query('UPDATE users SET roles = $1::jsonb WHERE id = $2', [
      JSON.stringify(normalizeRoles(roles)),
      id,
    ]);
  }

  async listDisabledSince(since: number): Promise<Array<{ id: string; disabledAt: number }>> {
    const result = await this.pool.query<{ id: string; disabled_at: number }>(
      `SELECT id, disabled_at FROM users
       WHERE disabled AND disabled_at >= $1
       ORDER BY disabled_at, id COLLATE "C"`,
      [since],
    );
    return result.rows.map((row) => ({ id: row.id, disabledAt: row.disabled_at }));
  }

  async listBots(): Promise<UserRecord[]> {
    return this.all(`SELECT ${USER_COLUMNS} FROM users WHERE kind = 'bot' ORDER BY email`);
  }

  async linkBotToken(botId: string, integrationId: string): Promise<void> {
    await this.pool.query('INSERT INTO bot_tokens (bot_id, integration_id) VALUES ($1, $2)', [
      botId,
      integrationId,
    ]);
  }

  async botOfIntegration(integrationId: string): Promise<UserRecord | null> {
    return this.one(
      `SELECT ${USERS_COLUMNS} FROM bot_tokens JOIN users ON users.id = bot_tokens.bot_id
       WHERE bot_tokens.integration_id = $1`,
      [integrationId],
    );
  }

  async botIntegrationIds(botId: string): Promise<string[]> {
    const result = await this.pool.query<{ integration_id: string }>(
      `SELECT bot_tokens.integration_id FROM bot_tokens
       JOIN integrations ON integrations.id = bot_tokens.integration_id
       WHERE bot_tokens.bot_id = $1 ORDER BY integrations.created_at, integrations.id COLLATE "C"`,
      [botId],
    );
    return result.rows.map((row) => row.integration_id);
  }

  private async one(sql: string, values: unknown[]): Promise<UserRecord | null> {
    const row = (await this.pool.query<UserRow>(sql, values)).rows[0];
    return row ? toUser(row) : null;
  }

  private async all(sql: string, values: unknown[] = []): Promise<UserRecord[]> {
    return (await this.pool.query<UserRow>(sql, values)).rows.map(toUser);
  }
}

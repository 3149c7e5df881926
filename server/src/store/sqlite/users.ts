import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import {
  DuplicateError,
  type NewUser,
  normalizeRoles,
  type Role,
  type UserRecord,
  type UserRepository,
} from '../types';
import { isConstraintError } from './errors';
import { foldForSearch } from './fold';
import { toUser, type UserRow } from './rows';

const USER_COLUMNS = 'id, email, name, password_hash, disabled, created_at, kind, roles';

export class SqliteUserRepository implements UserRepository {
  private readonly insert: Statement<[string, string, string, string, string, number, string, string]>;
  private readonly selectBots: Statement<[], UserRow>;
  private readonly insertBotToken: Statement<[string, string]>;
  private readonly selectBotOfIntegration: Statement<[string], UserRow>;
  private readonly selectBotIntegrationIds: Statement<[string], { integration_id: string }>;
  private readonly selectById: Statement<[string], UserRow>;
  private readonly selectByIds: Statement<[string], UserRow>;
  private readonly selectByEmail: Statement<[string], UserRow>;
  private readonly selectAll: Statement<[], UserRow>;
  private readonly selectMatching: Statement<{ query: string; limit: number }, UserRow>;
  private readonly updateDisabled: Statement<{ disabled: number; now: number; id: string }>;
  private readonly updatePasswordHash: Statement<[string, string]>;
  private readonly updateName: Statement<[string, string, string]>;
  private readonly updateRoles: Statement<[string, string]>;
  private readonly selectDisabledSince: Statement<[number], { id: string; disabled_at: number }>;

  constructor(
    db: Database,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO users (id, email, name, name_key, password_hash, created_at, kind, roles)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectBots = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE kind = 'bot' ORDER BY email`);
    this.insertBotToken = db.prepare('INSERT INTO bot_tokens (bot_id, integration_id) VALUES (?, ?)');
    this.selectBotOfIntegration = db.prepare(
      `SELECT ${USER_COLUMNS.split(', ')
        .map((column) => `users.${column}`)
        .join(', ')}
       FROM bot_tokens JOIN users ON users.id = bot_tokens.bot_id
       WHERE bot_tokens.integration_id = ?`,
    );
    this.selectBotIntegrationIds = db.prepare(
      `SELECT bot_tokens.integration_id FROM bot_tokens
       JOIN integrations ON integrations.id = bot_tokens.integration_id
       WHERE bot_tokens.bot_id = ? ORDER BY integrations.created_at, integrations.id`,
    );
    this.selectById = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
    this.selectByIds = db.prepare(
      `SELECT ${USER_COLUMNS} FROM users WHERE id IN (SELECT value FROM json_each(?))`,
    );
    this.selectByEmail = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`);
    this.selectAll = db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY email`);
    this.selectMatching = db.prepare(
      `SELECT ${USER_COLUMNS} FROM users
       WHERE disabled = 0 AND (instr(name_key, @query) > 0 OR instr(email, @query) > 0)
       ORDER BY name_key, email
       LIMIT @limit`,
    );
    // Disabling an already disabled user keeps the original time.
    this.updateDisabled = db.prepare(
      `UPDATE users SET disabled = @disabled,
         disabled_at = CASE WHEN @disabled = 0 THEN NULL WHEN disabled = 1 THEN disabled_at ELSE @now END
       WHERE id = @id`,
    );
    this.updatePasswordHash = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
    this.updateName = db.prepare('UPDATE users SET name = ?, name_key = ? WHERE id = ?');
    this.updateRoles = db.prepare('UPDATE users SET roles = ? WHERE id = ?');
    this.selectDisabledSince = db.prepare(
      `SELECT id, disabled_at FROM users
       WHERE disabled = 1 AND disabled_at >= ?
       ORDER BY disabled_at, id`,
    );
  }

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
      this.insert.run(
        record.id,
        record.email,
        record.name,
        foldForSearch(record.name),
        record.passwordHash,
        record.createdAt,
        record.kind ?? 'person',
        JSON.stringify(record.roles),
      );
    } catch (error) {
      if (isConstraintError(error, 'UNIQUE'))
        throw new DuplicateError(`a user with e-mail ${record.email} exists`);
      throw error;
    }
    return record;
  }

  async byId(id: string): Promise<UserRecord | null> {
    const row = this.selectById.get(id);
    return row ? toUser(row) : null;
  }

  /** In the order of `ids`; unknown ids are skipped, repeated ones returned once. */
  async byIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const byId = new Map(this.selectByIds.all(JSON.stringify(ids)).map((row) => [row.id, toUser(row)]));
    const ordered: UserRecord[] = [];
    for (const id of new Set(ids)) {
      const user = byId.get(id);
      if (user) ordered.push(user);
    }
    return ordered;
  }

  async byEmail(email: string): Promise<UserRecord | null> {
    const row = this.selectByEmail.get(email.toLowerCase());
    return row ? toUser(row) : null;
  }

  /** Every user, enabled or not, by e-mail. */
  async list(): Promise<UserRecord[]> {
    return this.selectAll.all().map(toUser);
  }

  async search(query: string, limit: number): Promise<UserRecord[]> {
    if (limit <= 0) return [];
    return this.selectMatching
      .all({ query: foldForSearch(query.trim()), limit: Math.floor(limit) })
      .map(toUser);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    this.updateDisabled.run({ disabled: disabled ? 1 : 0, now: this.now(), id });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    this.updatePasswordHash.run(passwordHash, id);
  }

  async setName(id: string, name: string): Promise<void> {
    this.updateName.run(name, foldForSearch(name), id);
  }

  async setRoles(id: string, roles: readonly Role[]): Promise<void> {
    this.updateRoles.run(JSON.stringify(normalizeRoles(roles)), id);
  }

  async listDisabledSince(since: number): Promise<Array<{ id: string; disabledAt: number }>> {
    return this.selectDisabledSince.all(since).map((row) => ({ id: row.id, disabledAt: row.disabled_at }));
  }

  async listBots(): Promise<UserRecord[]> {
    return this.selectBots.all().map(toUser);
  }

  async linkBotToken(botId: string, integrationId: string): Promise<void> {
    this.insertBotToken.run(botId, integrationId);
  }

  async botOfIntegration(integrationId: string): Promise<UserRecord | null> {
    const row = this.selectBotOfIntegration.get(integrationId);
    return row ? toUser(row) : null;
  }

  async botIntegrationIds(botId: string): Promise<string[]> {
    return this.selectBotIntegrationIds.all(botId).map((row) => row.integration_id);
  }
}

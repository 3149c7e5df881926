import { randomUUID } from 'node:crypto';
import { type IntegrationScope, isIntegrationScope } from '@beacon/protocol';
import type { Database, Statement } from 'better-sqlite3';
import {
  DuplicateError,
  type IntegrationRecord,
  type IntegrationRepository,
  type NewIntegration,
} from '../types';
import { isConstraintError } from './errors';

interface IntegrationRow {
  id: string;
  name: string;
  scopes: string;
  token_hash: string;
  created_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}

const COLUMNS = 'id, name, scopes, token_hash, created_at, rotated_at, revoked_at';

function toIntegration(row: IntegrationRow): IntegrationRecord {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.split(' ').filter((scope): scope is IntegrationScope => isIntegrationScope(scope)),
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
  };
}

export class SqliteIntegrationRepository implements IntegrationRepository {
  private readonly insert: Statement<[string, string, string, string, number]>;
  private readonly selectActiveByName: Statement<[string], IntegrationRow>;
  private readonly selectActiveByTokenHash: Statement<[string], IntegrationRow>;
  private readonly selectAll: Statement<[], IntegrationRow>;
  private readonly revokeByName: Statement<[number, string], IntegrationRow>;
  private readonly rotateByName: Statement<[string, number, string], IntegrationRow>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO integrations (id, name, scopes, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectActiveByName = db.prepare(
      `SELECT ${COLUMNS} FROM integrations WHERE name = ? AND revoked_at IS NULL`,
    );
    this.selectActiveByTokenHash = db.prepare(
      `SELECT ${COLUMNS} FROM integrations WHERE token_hash = ? AND revoked_at IS NULL`,
    );
    this.selectAll = db.prepare(`SELECT ${COLUMNS} FROM integrations ORDER BY created_at, rowid`);
    this.revokeByName = db.prepare(
      `UPDATE integrations SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING ${COLUMNS}`,
    );
    this.rotateByName = db.prepare(
      `UPDATE integrations SET token_hash = ?, rotated_at = ? WHERE name = ? AND revoked_at IS NULL
       RETURNING ${COLUMNS}`,
    );
  }

  async create(integration: NewIntegration): Promise<IntegrationRecord> {
    const id = randomUUID();
    try {
      this.insert.run(
        id,
        integration.name,
        integration.scopes.join(' '),
        integration.tokenHash,
        integration.createdAt,
      );
    } catch (error) {
      if (isConstraintError(error, 'UNIQUE')) {
        throw new DuplicateError(`an integration named ${integration.name} already exists`);
      }
      throw error;
    }
    return { id, ...integration, scopes: [...integration.scopes], rotatedAt: null, revokedAt: null };
  }

  async activeByName(name: string): Promise<IntegrationRecord | null> {
    const row = this.selectActiveByName.get(name);
    return row ? toIntegration(row) : null;
  }

  async activeByTokenHash(tokenHash: string): Promise<IntegrationRecord | null> {
    const row = this.selectActiveByTokenHash.get(tokenHash);
    return row ? toIntegration(row) : null;
  }

  async list(): Promise<IntegrationRecord[]> {
    return this.selectAll.all().map(toIntegration);
  }

  async revoke(name: string, at: number): Promise<IntegrationRecord | null> {
    const row = this.revokeByName.get(at, name);
    return row ? toIntegration(row) : null;
  }

  async rotate(name: string, tokenHash: string, at: number): Promise<IntegrationRecord | null> {
    const row = this.rotateByName.get(tokenHash, at, name);
    return row ? toIntegration(row) : null;
  }
}

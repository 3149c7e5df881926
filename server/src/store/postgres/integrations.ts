import { randomUUID } from 'node:crypto';
import { type IntegrationScope, isIntegrationScope } from '@beacon/protocol';
import type pg from 'pg';
import {
  DuplicateError,
  type IntegrationRecord,
  type IntegrationRepository,
  type NewIntegration,
} from '../types';
import { isViolation } from './errors';

interface IntegrationRow {
  id: string;
  name: string;
  scopes: string[];
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
    scopes: row.scopes.filter((scope): scope is IntegrationScope => isIntegrationScope(scope)),
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
  };
}

export class PostgresIntegrationRepository implements IntegrationRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(integration: NewIntegration): Promise<IntegrationRecord> {
    const id = randomUUID();
    try {
      await this.pool.query(
        'INSERT INTO integrations (id, name, scopes, token_hash, created_at) VALUES ($1, $2, $3::text[], $4, $5)',
        [id, integration.name, integration.scopes, integration.tokenHash, integration.createdAt],
      );
    } catch (error) {
      if (isViolation(error, 'unique')) {
        throw new DuplicateError(`an integration named ${integration.name} already exists`);
      }
      throw error;
    }
    return { id, ...integration, scopes: [...integration.scopes], rotatedAt: null, revokedAt: null };
  }

  async activeByName(name: string): Promise<IntegrationRecord | null> {
    return this.one(`SELECT ${COLUMNS} FROM integrations WHERE name = $1 AND revoked_at IS NULL`, [name]);
  }

  async activeByTokenHash(tokenHash: string): Promise<IntegrationRecord | null> {
    return this.one(`SELECT ${COLUMNS} FROM integrations WHERE token_hash = $1 AND revoked_at IS NULL`, [
      tokenHash,
    ]);
  }

  async list(): Promise<IntegrationRecord[]> {
    const result = await this.pool.query<IntegrationRow>(
      `SELECT ${COLUMNS} FROM integrations ORDER BY created_at, insertion_order`,
    );
    return result.rows.map(toIntegration);
  }

  async revoke(name: string, at: number): Promise<IntegrationRecord | null> {
    return this.one(
      `UPDATE integrations SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [at, name],
    );
  }

  async rotate(name: string, tokenHash: string, at: number): Promise<IntegrationRecord | null> {
    return this.one(
      `UPDATE integrations SET token_hash = $1, rotated_at = $2 WHERE name = $3 AND revoked_at IS NULL
       RETURNING ${COLUMNS}`,
      [tokenHash, at, name],
    );
  }

  private async one(sql: string, values: unknown[]): Promise<IntegrationRecord | null> {
    const row = (await this.pool.query<IntegrationRow>(sql, values)).rows[0];
    return row ? toIntegration(row) : null;
  }
}

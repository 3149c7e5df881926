import type pg from 'pg';
import { type ContactRepository, NotFoundError } from '../types';
import { isViolation } from './errors';

export class PostgresContactRepository implements ContactRepository {
  constructor(private readonly pool: pg.Pool) {}

  async list(ownerId: string): Promise<string[]> {
    const result = await this.pool.query<{ contact_id: string }>(
      'SELECT contact_id FROM contacts WHERE owner_id = $1 ORDER BY insertion_order',
      [ownerId],
    );
    return result.rows.map((row) => row.contact_id);
  }

  /** Rejects with `NotFoundError` when either user does not exist. */
  async add(ownerId: string, contactId: string): Promise<void> {
    try {
      await this.pool.query(
        'INSERT INTO contacts (owner_id, contact_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [ownerId, contactId],
      );
    } catch (error) {
      if (isViolation(error, 'foreignKey')) throw new NotFoundError('no such user');
      throw error;
    }
  }

  async remove(ownerId: string, contactId: string): Promise<void> {
    await this.pool.query('DELETE FROM contacts WHERE owner_id = $1 AND contact_id = $2', [
      ownerId,
      contactId,
    ]);
  }
}

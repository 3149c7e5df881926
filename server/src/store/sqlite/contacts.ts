import type { Database, Statement } from 'better-sqlite3';
import type { ContactRepository } from '../types';
import { NotFoundError } from '../types';
import { isConstraintError } from './errors';

export class SqliteContactRepository implements ContactRepository {
  private readonly selectForOwner: Statement<[string], { contact_id: string }>;
  private readonly insert: Statement<[string, string]>;
  private readonly deleteOne: Statement<[string, string]>;

  constructor(db: Database) {
    this.selectForOwner = db.prepare('SELECT contact_id FROM contacts WHERE owner_id = ? ORDER BY rowid');
    this.insert = db.prepare('INSERT OR IGNORE INTO contacts (owner_id, contact_id) VALUES (?, ?)');
    this.deleteOne = db.prepare('DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?');
  }

  async list(ownerId: string): Promise<string[]> {
    return this.selectForOwner.all(ownerId).map((row) => row.contact_id);
  }

  /** Rejects with `NotFoundError` when either user does not exist. */
  async add(ownerId: string, contactId: string): Promise<void> {
    try {
      this.insert.run(ownerId, contactId);
    } catch (error) {
      if (isConstraintError(error, 'FOREIGNKEY')) throw new NotFoundError('no such user');
      throw error;
    }
  }

  async remove(ownerId: string, contactId: string): Promise<void> {
    this.deleteOne.run(ownerId, contactId);
  }
}

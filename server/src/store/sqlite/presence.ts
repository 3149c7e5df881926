import { presenceStatusSchema } from '@beacon/protocol';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { z } from 'zod';
import { isDefaultLayers, type PresenceLayers } from '../../presence/layers';
import type { StoredLayers } from '../../presence/persist-queue';
import type { PresenceRepository } from '../types';

interface PresenceRow {
  user_id: string;
  chosen_status: string;
  chosen_message: string | null;
  chosen_until: number | null;
  ooo_from: number | null;
  ooo_to: number | null;
  ooo_message: string | null;
  claims: string;
}

export const claimsSchema = z.array(
  z.object({
    id: z.string(),
    source: z.string(),
    status: z.enum(['available', 'away', 'busy', 'dnd']),
    activity: z.string().nullable(),
    until: z.number().nullable(),
  }),
);

export class SqlitePresenceRepository implements PresenceRepository {
  private readonly selectAll: Statement<[], PresenceRow>;
  private readonly upsert: Statement<PresenceRow>;
  private readonly deleteOne: Statement<[string]>;
  private readonly saveAllInTransaction: Transaction<(entries: readonly StoredLayers[]) => void>;

  constructor(db: Database) {
    this.selectAll = db.prepare('SELECT * FROM presence_layers');
    this.upsert = db.prepare(`
      INSERT INTO presence_layers
        (user_id, chosen_status, chosen_message, chosen_until, ooo_from, ooo_to, ooo_message, claims)
      VALUES
        (@user_id, @chosen_status, @chosen_message, @chosen_until, @ooo_from, @ooo_to, @ooo_message, @claims)
      ON CONFLICT (user_id) DO UPDATE SET
        chosen_status = excluded.chosen_status, chosen_message = excluded.chosen_message,
        chosen_until = excluded.chosen_until, ooo_from = excluded.ooo_from, ooo_to = excluded.ooo_to,
        ooo_message = excluded.ooo_message, claims = excluded.claims
    `);
    this.deleteOne = db.prepare('DELETE FROM presence_layers WHERE user_id = ?');
    this.saveAllInTransaction = db.transaction((entries: readonly StoredLayers[]) => {
      for (const { userId, layers } of entries) this.saveOne(userId, layers);
    });
  }

  async loadAll(): Promise<StoredLayers[]> {
    return this.selectAll.all().map((row) => ({ userId: row.user_id, layers: toLayers(row) }));
  }

  async saveAll(entries: readonly StoredLayers[]): Promise<void> {
    this.saveAllInTransaction(entries);
  }

  private saveOne(userId: string, layers: PresenceLayers): void {
    if (isDefaultLayers(layers)) {
      this.deleteOne.run(userId);
      return;
    }
    const { chosen, outOfOffice: ooo, claims } = layers;
    this.upsert.run({
      user_id: userId,
      chosen_status: chosen.status,
      chosen_message: chosen.message,
      chosen_until: chosen.until,
      ooo_from: ooo?.from ?? null,
      ooo_to: ooo?.to ?? null,
      ooo_message: ooo?.message ?? null,
      claims: JSON.stringify(claims),
    });
  }
}

function toLayers(row: PresenceRow): PresenceLayers {
  return {
    chosen: {
      status: presenceStatusSchema.parse(row.chosen_status),
      message: row.chosen_message,
      until: row.chosen_until,
    },
    outOfOffice:
      row.ooo_from !== null && row.ooo_to !== null
        ? { from: row.ooo_from, to: row.ooo_to, message: row.ooo_message }
        : null,
    claims: claimsSchema.parse(JSON.parse(row.claims)),
  };
}

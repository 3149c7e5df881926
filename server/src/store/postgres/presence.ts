import { presenceStatusSchema } from '@beacon/protocol';
import type pg from 'pg';
import { isDefaultLayers, type PresenceLayers } from '../../presence/layers';
import type { StoredLayers } from '../../presence/persist-queue';
import { claimsSchema } from '../sqlite/presence';
import type { PresenceRepository } from '../types';
import { inTransaction } from './transaction';

interface PresenceRow {
  user_id: string;
  chosen_status: string;
  chosen_message: string | null;
  chosen_until: number | null;
  ooo_from: number | null;
  ooo_to: number | null;
  ooo_message: string | null;
  /** jsonb, parsed by pg. */
  claims: unknown;
}

const COLUMNS = 'user_id, chosen_status, chosen_message, chosen_until, ooo_from, ooo_to, ooo_message, claims';

export class PostgresPresenceRepository implements PresenceRepository {
  constructor(private readonly pool: pg.Pool) {}

  async loadAll(): Promise<StoredLayers[]> {
    const result = await this.pool.query<PresenceRow>(`SELECT ${COLUMNS} FROM presence_layers`);
    return result.rows.map((row) => ({ userId: row.user_id, layers: toLayers(row) }));
  }

  /**
   * One transaction, at most two statements whatever the batch size: the users back at the
   * default lose their row, the others are upserted together. Only each user's last entry
   * counts, as if the entries were written one after another.
   */
  async saveAll(entries: readonly StoredLayers[]): Promise<void> {
    const latest = new Map<string, PresenceLayers>();
    for (const { userId, layers } of entries) latest.set(userId, layers);
    const cleared: string[] = [];
    const rows: PresenceRow[] = [];
    for (const [userId, layers] of latest) {
      if (isDefaultLayers(layers)) cleared.push(userId);
      else rows.push(toRow(userId, layers));
    }
    if (cleared.length === 0 && rows.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      if (cleared.length > 0) {
        await client.query('DELETE FROM presence_layers WHERE user_id = ANY($1::text[])', [cleared]);
      }
      if (rows.length > 0) {
        await client.query(
          `INSERT INTO presence_layers (${COLUMNS})
           SELECT ${COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS r (
             user_id text, chosen_status text, chosen_message text, chosen_until bigint,
             ooo_from bigint, ooo_to bigint, ooo_message text, claims jsonb)
           ON CONFLICT (user_id) DO UPDATE SET
             chosen_status = excluded.chosen_status, chosen_message = excluded.chosen_message,
             chosen_until = excluded.chosen_until, ooo_from = excluded.ooo_from, ooo_to = excluded.ooo_to,
             ooo_message = excluded.ooo_message, claims = excluded.claims`,
          [JSON.stringify(rows)],
        );
      }
    });
  }
}

function toRow(userId: string, layers: PresenceLayers): PresenceRow {
  const { chosen, outOfOffice: ooo, claims } = layers;
  return {
    user_id: userId,
    chosen_status: chosen.status,
    chosen_message: chosen.message,
    chosen_until: chosen.until,
    ooo_from: ooo?.from ?? null,
    ooo_to: ooo?.to ?? null,
    ooo_message: ooo?.message ?? null,
    claims,
  };
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
    claims: claimsSchema.parse(row.claims),
  };
}

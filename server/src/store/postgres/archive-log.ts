import type pg from 'pg';
import { GENESIS_HASH, sealEntry } from '../../compliance/chain';
import {
  type ArchivedPerson,
  type ArchiveEntry,
  type ArchiveEvent,
  toEntryContent,
} from '../../compliance/entries';
import { ENTRY_COLUMNS, entryColumnValues } from '../archive-rows';
import { QueryParams } from './queryable';

export interface ChainPosition {
  chainSeq: number;
  hash: string;
}

/**
 * Writes archive entries inside the caller's transaction (the message, edit or membership
 * change it records commits with it, or neither does), each linked to its chain's head. The
 * caller holds the lock of the chain's conversation (conversation-lock.ts), so the head it
 * reads is still the head when it writes after it.
 */
export class PostgresArchiveLog {
  async head(client: pg.PoolClient, chain: string): Promise<ChainPosition | null> {
    const result = await client.query<{ chain_seq: number; hash: string }>(
      'SELECT chain_seq, hash FROM archive_entries WHERE chain = $1 ORDER BY chain_seq DESC LIMIT 1',
      [chain],
    );
    const row = result.rows[0];
    return row ? { chainSeq: row.chain_seq, hash: row.hash } : null;
  }

  /** The entry for `event` right after `head` (null: the chain's first). */
  seal(event: ArchiveEvent, head: ChainPosition | null): ArchiveEntry {
    return sealEntry(head?.hash ?? GENESIS_HASH, toEntryContent(event, (head?.chainSeq ?? 0) + 1));
  }

  async append(client: pg.PoolClient, event: ArchiveEvent): Promise<ArchiveEntry> {
    const entry = this.seal(event, await this.head(client, event.conversationId));
    const params = new QueryParams();
    await client.query(this.insertSql(params, entry), params.values);
    return entry;
  }

  /** The INSERT of `entry`, its values added to `params` (to be one part of a larger statement). */
  insertSql(params: QueryParams, entry: ArchiveEntry): string {
    const values = entryColumnValues(entry).map((value) => params.add(value));
    return `INSERT INTO archive_entries (${ENTRY_COLUMNS}) VALUES (${values.join(', ')})`;
  }

  /** Who someone is now, as the record keeps them (a user that does not exist: by id only). */
  async person(client: pg.PoolClient, userId: string): Promise<ArchivedPerson> {
    const [person] = await this.people(client, [userId]);
    return person ?? unknownPerson(userId);
  }

  /** In the order of `userIds`. */
  async people(client: pg.PoolClient, userIds: readonly string[]): Promise<ArchivedPerson[]> {
    if (userIds.length === 0) return [];
    const result = await client.query<ArchivedPerson>(
      'SELECT id, email, name FROM users WHERE id = ANY($1::text[])',
      [[...new Set(userIds)]],
    );
    const byId = new Map(result.rows.map((person) => [person.id, person]));
    return userIds.map((id) => byId.get(id) ?? unknownPerson(id));
  }

  /** The current members, in member order. */
  async members(client: pg.PoolClient, conversationId: string): Promise<ArchivedPerson[]> {
    const result = await client.query<ArchivedPerson>(
      `SELECT u.id, u.email, u.name FROM conversation_members m JOIN users u ON u.id = m.user_id
       WHERE m.conversation_id = $1 ORDER BY m.position`,
      [conversationId],
    );
    return result.rows;
  }
}

export function unknownPerson(userId: string): ArchivedPerson {
  return { id: userId, email: '', name: '' };
}

import type { PostgresMigration } from '../migrate';

/**
 * Archive chains in the order of their ids' bytes, as SQLite keeps them: the primary key then
 * serves `entries()` walking from one chain to the next, and `heads()` (what a manifest signs)
 * lists them in the same order on both stores, whatever the database's locale.
 */
export const archiveChainOrder: PostgresMigration = {
  version: 2,
  name: 'archive chains in byte order',
  async up(client) {
    await client.query('ALTER TABLE archive_entries ALTER COLUMN chain TYPE text COLLATE "C"');
  },
};

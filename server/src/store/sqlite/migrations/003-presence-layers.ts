import type { Migration } from '../migrate';

/**
 * Presence v2: each user's current layers, one row per user who has any but the default
 * (available, no note). Claims are a small JSON array. No history: a row is replaced.
 */
export const presenceLayers: Migration = {
  version: 3,
  name: 'presence layers',
  up(db) {
    db.exec(`
      CREATE TABLE presence_layers (
        user_id        TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        chosen_status  TEXT NOT NULL CHECK (chosen_status IN ('available', 'away', 'busy', 'dnd', 'offline')),
        chosen_message TEXT,
        chosen_until   INTEGER,
        ooo_from       INTEGER,
        ooo_to         INTEGER,
        ooo_message    TEXT,
        claims         TEXT NOT NULL DEFAULT '[]',
        CHECK ((ooo_from IS NULL) = (ooo_to IS NULL))
      ) WITHOUT ROWID;
    `);
  },
};

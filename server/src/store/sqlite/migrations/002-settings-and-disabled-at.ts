import type { Migration } from '../migrate';

/**
 * Server settings (the organisation's domain) and the time a user was disabled, so a
 * running server notices users an admin disabled from the CLI process.
 */
export const settingsAndDisabledAt: Migration = {
  version: 2,
  name: 'settings and users.disabled_at',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;

      ALTER TABLE users ADD COLUMN disabled_at INTEGER;
      -- the moment of an earlier disabling is unknown; 0 keeps it out of "disabled since"
      UPDATE users SET disabled_at = 0 WHERE disabled = 1;
      CREATE INDEX users_by_disabled_at ON users (disabled_at) WHERE disabled_at IS NOT NULL;
    `);
  },
};

import type { Migration } from '../migrate';

/**
 * Bot accounts (docs/integrations.md, "Bots"): a user `kind` (`person` or `bot`), and which
 * integration tokens act as which bot. The link is its own table so the integrations table
 * (version 4) stays as it is; a revoked integration's row is kept, and so is its link.
 */
export const botAccounts: Migration = {
  version: 6,
  name: 'bot accounts',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'bot'));
      CREATE TABLE bot_tokens (
        integration_id TEXT PRIMARY KEY REFERENCES integrations (id),
        bot_id         TEXT NOT NULL REFERENCES users (id)
      );
      CREATE INDEX bot_tokens_bot ON bot_tokens (bot_id);
    `);
  },
};
